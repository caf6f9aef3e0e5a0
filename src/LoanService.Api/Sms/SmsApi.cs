namespace LoanService.Api.Sms;

public static class SmsApi
{
    public static IEndpointRouteBuilder MapSmsApi(this IEndpointRouteBuilder app)
    {
        // The provider has no API key: the HMAC signature of the request is its authentication.
        var api = app.MapGroup("api/v1/sms").WithTags("SMS").AllowAnonymous();

        api.MapPost("receipts", DeliveryReceipt.Handle).WithName("PostSmsDeliveryReceipt")
            .WithSummary("A delivery receipt from the SMS provider, signed like our sends (X-Sms-* headers)")
            .Accepts<DeliveryReceiptRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
