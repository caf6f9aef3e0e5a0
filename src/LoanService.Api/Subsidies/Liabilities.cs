using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
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
    public static async Task<Ok<LiabilitiesResponse>> Handle(Guid id, string? asOf, HttpContext http,
        LoanServiceDbContext db, BusinessCalendarStore calendar)
    {
        var caller = Caller.From(http.User);
        var program = await SubsidyProgramsApi.LoadAsync(db, caller, id);
        var today = await calendar.CurrentForReadAsync();
        var date = today;
        if (asOf is not null) date = DateInput.Parse(asOf, "asOf");
        if (date > today)
            throw new DomainException("subsidy.as_of_after_business_date",
                $"asOf must not be after the current business date {today:yyyy-MM-dd}.", RefusalKind.Invalid) { Field = "asOf" };
        return TypedResults.Ok(await ReportAsync(db, caller, program, date, today));
    }

    public static async Task<Ok<Page<MonthlySubsidy>>> Monthly(Guid id, HttpContext http, LoanServiceDbContext db,
        int? limit = null, string? cursor = null)
    {
        var caller = Caller.From(http.User);
        var program = await SubsidyProgramsApi.LoadAsync(db, caller, id);
        return TypedResults.Ok(Paging.Of(await MonthlyAsync(db, caller, program), limit, cursor));
    }

    /// <summary>Subsidy accrued per calendar month and township (renewal transfers cancel out), oldest first.</summary>
    public static async Task<IReadOnlyList<MonthlySubsidy>> MonthlyAsync(LoanServiceDbContext db, Caller caller, SubsidyProgram program)
    {
        var lines = await LinesAsync(db, caller, program);
        var townships = await TownshipsAsync(db, lines);
        var ids = lines.Select(l => l.Id).ToHashSet();
        var rows = await db.SubsidyAccruals.AsNoTracking().Where(r => r.ProgramId == program.Id)
            .Select(r => new { r.LineId, r.Date, r.Amount }).ToListAsync();
        return rows.Where(r => ids.Contains(r.LineId))
            .GroupBy(r => (Month: $"{r.Date.Year:D4}-{r.Date.Month:D2}", Township: townships[r.LineId]))
            .Select(g => new MonthlySubsidy(g.Key.Month, g.Key.Township,
                Accrual.Sum(g, r => r.Amount).Yuan()))
            .Where(m => m.Amount != 0m)
            .OrderBy(m => m.Month).ThenBy(m => m.Township, StringComparer.Ordinal)
            .ToList();
    }

    public static async Task<LiabilitiesResponse> ReportAsync(LoanServiceDbContext db, Caller caller,
        SubsidyProgram program, LocalDate asOf, LocalDate today)
    {
        var lines = await LinesAsync(db, caller, program);
        var ids = lines.Select(l => l.Id).ToHashSet();
        var accrued = (await db.SubsidyAccruals.AsNoTracking()
                .Where(r => r.ProgramId == program.Id && r.Date <= asOf)
                .Select(r => new { r.LineId, r.Amount }).ToListAsync())
            .Where(r => ids.Contains(r.LineId))
            .GroupBy(r => r.LineId)
            .ToDictionary(g => g.Key, g => Accrual.Sum(g, r => r.Amount));
        // The claim that held each period at the end of asOf: submitted by then and not rejected by then. A
        // rejected claim's periods no longer point to it, so its items tell which periods it held while it stood.
        var claimAt = (await db.SubsidyClaims.AsNoTracking().Include(c => c.Items)
                .Where(c => c.ProgramId == program.Id).ToListAsync())
            .Where(c => c.SubmittedOn <= asOf && !(c.State == SubsidyClaimState.Rejected && c.DecidedOn <= asOf))
            .SelectMany(c => c.Items.Select(i => (i.PeriodId, Claim: c)))
            .GroupBy(x => x.PeriodId)
            .ToDictionary(g => g.Key, g => g.MaxBy(x => x.Claim.SubmittedAt).Claim);
        var periods = (await db.SubsidyPeriods.AsNoTracking().Where(p => p.ProgramId == program.Id).ToListAsync())
            .Where(p => ids.Contains(p.LineId))
            .ToLookup(p => p.LineId, p =>
            {
                var claim = claimAt.GetValueOrDefault(p.Id);
                return new PeriodFacts(p.Amount, p.Unrounded, p.BilledOn, p.EarnedOn, p.ForfeitedOn,
                    claim?.SubmittedOn, claim?.PaidOn);
            });
        var borrowers = await db.Borrowers.AsNoTracking()
            .Where(b => lines.Select(l => l.BorrowerId).Contains(b.Id)).ToDictionaryAsync(b => b.Id);
        var cooperatives = await db.Cooperatives.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);

        var byLine = lines.Select(line =>
        {
            var buckets = SubsidyLiabilities.Of(accrued.GetValueOrDefault(line.Id), periods[line.Id], asOf);
            var borrower = borrowers[line.BorrowerId];
            return (Line: line, Borrower: borrower, Township: Regions.Township(borrower.RegionCode), Buckets: buckets);
        }).ToList();
        static SubsidyBuckets Total(IEnumerable<(CreditLine, Borrower, string, SubsidyBuckets Buckets)> part) =>
            part.Aggregate(default(SubsidyBuckets), (s, l) => s + l.Buckets);
        var totals = Total(byLine);
        // A cooperative's report covers only its part: its remaining budget is the programme's today. Shown
        // beside the used figure, it is the budget less that figure as shown, so the two add up to the budget.
        var used = caller.Role == ApiRole.Cooperative ? program.Committed : totals.Used;
        var remaining = program.RemainingShownBeside(used);

        var end = program.EndDate;
        var forecast = Money.Min(Accrual.Sum(lines, l => SubsidyLiabilities.Forecast(l, program, today)),
            Money.Max(program.Remaining, Money.Zero));

        return new LiabilitiesResponse(program.Id, program.Name, asOf, today, program.Budget.Yuan(), remaining.Yuan(),
            asOf == today ? program.IsExhausted : remaining <= Money.Zero, program.ExhaustedOn, BucketsResponse.From(totals),
            new ForecastResponse(today, end, forecast.Yuan(), Accrual.Add(totals.Used, forecast).Yuan()),
            byLine.GroupBy(l => l.Line.CooperativeId)
                .Select(g => new CooperativeLiabilities(g.Key, cooperatives.GetValueOrDefault(g.Key, ""), g.Count(),
                    BucketsResponse.From(Total(g))))
                .OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            byLine.GroupBy(l => l.Township)
                .Select(g => new TownshipLiabilities(g.Key, g.Count(),
                    BucketsResponse.From(Total(g))))
                .OrderBy(t => t.Township, StringComparer.Ordinal).ToList(),
            byLine.Select(l => new LineLiabilities(l.Line.Id, l.Line.CooperativeId, l.Line.BorrowerId,
                    l.Borrower.Name.Masked, l.Township, l.Line.Status, (l.Line.Principal + l.Line.OverduePrincipal).Yuan(),
                    Decimals.Trimmed(l.Line.SubsidyRate), BucketsResponse.From(l.Buckets)))
                .OrderBy(l => l.Township, StringComparer.Ordinal).ThenBy(l => l.LineId).ToList());
    }

    private static async Task<List<CreditLine>> LinesAsync(LoanServiceDbContext db, Caller caller, SubsidyProgram program)
    {
        var query = db.CreditLines.AsNoTracking().Where(l => l.SubsidyProgramId == program.Id);
        if (caller.Role == ApiRole.Cooperative) query = query.Where(l => l.CooperativeId == caller.TenantId);
        return await query.ToListAsync();
    }

    private static async Task<Dictionary<Guid, string>> TownshipsAsync(LoanServiceDbContext db, List<CreditLine> lines)
    {
        var borrowerIds = lines.Select(l => l.BorrowerId).Distinct().ToList();
        var regions = await db.Borrowers.AsNoTracking().Where(b => borrowerIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.RegionCode);
        return lines.ToDictionary(l => l.Id, l => Regions.Township(regions[l.BorrowerId]));
    }
}
