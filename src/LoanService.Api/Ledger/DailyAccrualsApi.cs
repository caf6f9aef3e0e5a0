using System.Globalization;
using System.Text;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Application.Ledger;
using LoanService.Domain;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Ledger;

/// <summary>
/// One business date's 计提 of the cooperative's lines in one subsidy programme (or in none): in yuan rounded to
/// 分 as a ledger posts it, and exact (to 16 places) for reconciling with the lines.
/// </summary>
public sealed record DailyAccrualResponse(LocalDate BusinessDate, Guid? SubsidyProgramId, int Lines, decimal Interest,
    decimal PenaltyInterest, decimal Subsidy, decimal InterestExact, decimal PenaltyInterestExact, decimal SubsidyExact)
{
    public static DailyAccrualResponse From(DailyAccrualRow r) => new(r.BusinessDate,
        r.ProgramId == Guid.Empty ? null : r.ProgramId, r.Lines, JsonSetup.Yuan(r.Interest), JsonSetup.Yuan(r.Penalty),
        JsonSetup.Yuan(r.Subsidy), r.Interest, r.Penalty, r.Subsidy);
}

public sealed record DailyAccrualsResponse(IReadOnlyList<DailyAccrualResponse> Items);

public static class DailyAccrualsApi
{
    public static IEndpointRouteBuilder MapDailyAccrualsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/accruals").WithTags("Ledger").RequireAuthorization(Roles.Cooperative);
        api.MapGet("daily", List).WithName("ListDailyAccruals")
            .WithSummary("The cooperative's daily 计提, by date and subsidy programme; CSV with Accept: text/csv")
            .WithDescription("What the close of each business date found the cooperative's open lines accrued that day: interest on the principal, penalty and compound interest on what is overdue, and the subsidy granted, per subsidy programme (lines in none: `subsidyProgramId` null). `from` and `to` (`yyyy-MM-dd`, at most 366 days apart) default to the last 31 closed dates. With `Accept: text/csv`, the same rows for Excel: UTF-8 with a BOM, CRLF lines, Chinese headers.")
            .Produces<DailyAccrualsResponse>()
            .AlsoCsv("The rows as CSV (UTF-8 with BOM), as a download.")
            .Refuses(ErrorCodes.DateOutOfRange);
        return app;
    }

    private static async Task<IResult> List(HttpContext http, DailyAccrualQueries accruals, CancellationToken ct,
        string? from = null, string? to = null)
    {
        var caller = Caller.From(http.User);
        var rows = await accruals.ListAsync(caller.CooperativeId, from is null ? null : DateInput.Parse(from, "from"),
            to is null ? null : DateInput.Parse(to, "to"), ct);
        var items = rows.Select(DailyAccrualResponse.From).ToList();
        if (http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase))
            return Results.File(Csv(items), "text/csv; charset=utf-8", "daily-accruals.csv");
        return TypedResults.Ok(new DailyAccrualsResponse(items));
    }

    /// <summary>The rows as CSV for Excel: UTF-8 with a BOM, CRLF lines; figures rounded, then exact.</summary>
    internal static byte[] Csv(IReadOnlyList<DailyAccrualResponse> items)
    {
        var csv = new StringBuilder();
        csv.Append("日期,贴息项目,户数,计提利息(元),计提罚息复利(元),计提贴息(元),利息(精确),罚息复利(精确),贴息(精确)\r\n");
        foreach (var r in items)
            csv.Append(string.Join(',', r.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.SubsidyProgramId?.ToString() ?? "", r.Lines.ToString(CultureInfo.InvariantCulture),
                Fen(r.Interest), Fen(r.PenaltyInterest), Fen(r.Subsidy),
                Exact(r.InterestExact), Exact(r.PenaltyInterestExact), Exact(r.SubsidyExact))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Fen(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Exact(decimal amount) => amount.ToString("0.################", CultureInfo.InvariantCulture);
}
