using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;
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
            .WithName("GetBusinessDate").WithSummary("The current business date (营业日)")
            .WithDescription("The date postings act on: the day after the last closed business date.");
        api.MapPost("operations/close-business-day", Close).RequireAuthorization(Roles.Operator)
            .WithName("CloseBusinessDay").WithSummary("Close the current business date, or every date through `through`")
            .WithDescription("Runs the close of business (日终): accrual, billing on the settlement day, overdue, classification, subsidies, notices. Several instances share one close; a stopped close resumes when run again.")
            .Refuses("close.failed", ErrorCodes.CloseAlreadyClosed, ErrorCodes.CloseOutOfOrder, ErrorCodes.CloseThroughBeforeBusinessDate,
                ErrorCodes.BusinessDateMismatch)
            .Refuses(ErrorCodes.DateOutOfRange);
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
