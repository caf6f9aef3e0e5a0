using LoanService.Api.Setup;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Operations;

public sealed record BusinessDateResponse(LocalDate BusinessDate);

public sealed record CloseBusinessDayRequest(LocalDate? Through);

public sealed record CloseBusinessDayResponse(IReadOnlyList<LocalDate> Closed, LocalDate BusinessDate);

public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1").WithTags("Operations");
        api.MapGet("business-date", GetBusinessDate).RequireAuthorization()
            .WithName("GetBusinessDate").WithSummary("The current business date (营业日)");
        api.MapPost("operations/close-business-day", Close).RequireAuthorization(Roles.Operator)
            .WithName("CloseBusinessDay").WithSummary("Close the current business date, or every date through `through`");
        return app;
    }

    private static async Task<Ok<BusinessDateResponse>> GetBusinessDate(BusinessCalendarStore calendar) =>
        TypedResults.Ok(new BusinessDateResponse(await calendar.CurrentAsync()));

    private static async Task<Ok<CloseBusinessDayResponse>> Close(CloseBusinessDayRequest? request,
        CloseBusinessDays close, CancellationToken ct)
    {
        var result = await close.RunAsync(request?.Through, ct);
        return TypedResults.Ok(new CloseBusinessDayResponse(result.Closed, result.BusinessDate));
    }
}
