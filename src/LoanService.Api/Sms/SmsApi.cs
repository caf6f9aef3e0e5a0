using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;

namespace LoanService.Api.Sms;

public static class SmsApi
{
    public static IEndpointRouteBuilder MapSmsApi(this IEndpointRouteBuilder app)
    {
        // The provider has no API key: the HMAC signature of the request is its authentication.
        var api = app.MapGroup("api/v1/sms").WithTags("SMS").AllowAnonymous();

        api.MapPost("receipts", DeliveryReceipt.Handle).WithName("PostSmsDeliveryReceipt")
            .WithSummary("A delivery receipt from the SMS provider, signed like our sends (X-Sms-* headers)")
            .WithDescription("What became of a message we sent. Signed by the provider (scheme `SmsSignature`), not keyed. Idempotent: a repeated or late receipt changes nothing; Delivered is final.")
            .Accepts<DeliveryReceiptRequest>("application/json")
            .Refuses(ErrorCodes.SmsSignatureInvalid, "sms_notice.not_found");
        return app;
    }
}
