using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Application.Subsidies;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Subsidies;

/// <summary>贴息负债 by state; <c>accruedUnbilled</c> is rounded to 分 for display.</summary>
public sealed record BucketsResponse(decimal AccruedUnbilled, decimal BilledNotEarned, decimal EarnedNotClaimed,
    decimal ClaimedNotPaid, decimal Paid, decimal Forfeited, decimal Used)
{
    public static BucketsResponse From(SubsidyBuckets b) => new(b.AccruedUnbilled.Yuan(), b.BilledNotEarned.Yuan(),
        b.EarnedNotClaimed.Yuan(), b.ClaimedNotPaid.Yuan(), b.Paid.Yuan(), b.Forfeited.Yuan(), b.Used.Yuan());
}

/// <summary>What the lines would still accrue from <c>from</c> (the current business date) to the programme's end at today's balances.</summary>
public sealed record ForecastResponse(LocalDate From, LocalDate To, decimal Additional, decimal TotalAtEnd);

public sealed record CooperativeLiabilities(Guid CooperativeId, string Name, int Lines, BucketsResponse Liabilities);

public sealed record TownshipLiabilities(string Township, int Lines, BucketsResponse Liabilities);

public sealed record LineLiabilities(Guid LineId, Guid CooperativeId, Guid BorrowerId, string BorrowerName,
    string Township, CreditLineStatus Status, decimal Principal, decimal SubsidyRate, BucketsResponse Liabilities);

/// <summary>
/// A programme's liabilities at the end of <c>asOf</c> (or now, for the current business date). A
/// cooperative sees its own part: totals, cooperatives, townships and lines of its lines only.
/// </summary>
public sealed record LiabilitiesResponse(Guid ProgramId, string ProgramName, LocalDate AsOf, LocalDate BusinessDate,
    decimal Budget, decimal RemainingBudget, bool Exhausted, LocalDate? ExhaustedOn, BucketsResponse Totals,
    ForecastResponse Forecast, IReadOnlyList<CooperativeLiabilities> ByCooperative,
    IReadOnlyList<TownshipLiabilities> ByTownship, IReadOnlyList<LineLiabilities> ByLine);

public sealed record MonthlySubsidy(string Month, string Township, decimal Amount);

public static class Liabilities
{
    public static async Task<Ok<LiabilitiesResponse>> Handle(Guid id, string? asOf, HttpContext http, SubsidyReports reports)
    {
        LocalDate? date = asOf is null ? null : DateInput.Parse(asOf, "asOf");
        return TypedResults.Ok(From(await reports.LiabilitiesAsync(Caller.From(http.User), id, date)));
    }

    public static async Task<Ok<Page<MonthlySubsidy>>> Monthly(Guid id, HttpContext http, SubsidyReports reports,
        int? limit = null, string? cursor = null) =>
        TypedResults.Ok(Paging.Of(From(await reports.MonthlyAsync(Caller.From(http.User), id)), limit, cursor));

    /// <summary>Subsidy accrued per calendar month and township, in yuan; months that come to nothing left out; oldest first.</summary>
    public static IReadOnlyList<MonthlySubsidy> From(IEnumerable<MonthlyAccrual> monthly) =>
        monthly.Select(m => new MonthlySubsidy(m.Month, m.Township, m.Amount.Yuan()))
            .Where(m => m.Amount != 0m)
            .OrderBy(m => m.Month).ThenBy(m => m.Township, StringComparer.Ordinal)
            .ToList();

    public static LiabilitiesResponse From(LiabilityReport report)
    {
        var (program, asOf, today, byLine) = (report.Program, report.AsOf, report.BusinessDate, report.Lines);
        var (totals, remaining, forecast, cooperatives) = (report.Totals, report.Remaining, report.Forecast, report.CooperativeNames);
        static SubsidyBuckets Total(IEnumerable<LineLiability> part) => SubsidyReports.Total(part);
        var end = program.EndDate;

        return new LiabilitiesResponse(program.Id, program.Name, asOf, today, program.Budget.Yuan(), remaining.Yuan(),
            report.Exhausted, program.ExhaustedOn, BucketsResponse.From(totals),
            new ForecastResponse(today, end, forecast.Yuan(), Accrual.Add(totals.Used, forecast).Yuan()),
            byLine.GroupBy(l => l.Line.CooperativeId)
                .Select(g => new CooperativeLiabilities(g.Key, cooperatives.GetValueOrDefault(g.Key, ""), g.Count(),
                    BucketsResponse.From(Total(g))))
                .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.CooperativeId).ToList(),
            byLine.GroupBy(l => l.Township)
                .Select(g => new TownshipLiabilities(g.Key, g.Count(),
                    BucketsResponse.From(Total(g))))
                .OrderBy(t => t.Township, StringComparer.Ordinal).ToList(),
            byLine.Select(l => new LineLiabilities(l.Line.Id, l.Line.CooperativeId, l.Line.BorrowerId,
                    l.Borrower.Name.Masked, l.Township, l.Line.Status, (l.Line.Principal + l.Line.OverduePrincipal).Yuan(),
                    Decimals.Trimmed(l.Line.SubsidyRate), BucketsResponse.From(l.Buckets)))
                .OrderBy(l => l.Township, StringComparer.Ordinal).ThenBy(l => l.LineId).ToList());
    }
}
