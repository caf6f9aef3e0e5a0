using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Subsidies;

/// <summary>One line's part of a programme's liabilities.</summary>
public sealed record LineLiability(CreditLine Line, Borrower Borrower, string Township, SubsidyBuckets Buckets);

/// <summary>
/// A programme's liabilities at the end of <see cref="AsOf"/>, as the caller may see them (a cooperative its own
/// lines). <see cref="Remaining"/> is the budget left as shown beside the used figure; <see cref="Forecast"/> what
/// the lines would still accrue to the programme's end at today's balances, within the budget left.
/// </summary>
public sealed record LiabilityReport(SubsidyProgram Program, LocalDate AsOf, LocalDate BusinessDate,
    IReadOnlyList<LineLiability> Lines, SubsidyBuckets Totals, Money Remaining, bool Exhausted, Money Forecast,
    IReadOnlyDictionary<Guid, string> CooperativeNames);

/// <summary>Subsidy accrued in one calendar month (<c>yyyy-MM</c>) by the lines of one township, unrounded.</summary>
public sealed record MonthlyAccrual(string Month, string Township, Money Amount);

/// <summary>What a programme's funder and cooperatives read of it: liabilities by state, and subsidy by month.</summary>
public sealed class SubsidyReports(LoanServiceDbContext db, BusinessCalendarStore calendar, SubsidyPrograms programs)
{
    /// <summary>The liabilities at the end of <paramref name="asOf"/> (none: the current business date), never after it.</summary>
    public async Task<LiabilityReport> LiabilitiesAsync(Caller caller, Guid programId, LocalDate? asOf)
    {
        var program = await programs.GetAsync(caller, programId);
        var today = await calendar.CurrentForReadAsync();
        var date = asOf ?? today;
        if (date > today)
            throw new DomainException("subsidy.as_of_after_business_date",
                $"asOf must not be after the current business date {today:yyyy-MM-dd}.", RefusalKind.Invalid) { Field = "asOf" };
        return await LiabilitiesOfAsync(caller, program, date, today);
    }

    /// <summary>Subsidy accrued per calendar month and township (renewal transfers cancel out).</summary>
    public async Task<IReadOnlyList<MonthlyAccrual>> MonthlyAsync(Caller caller, Guid programId) =>
        await MonthlyOfAsync(caller, await programs.GetAsync(caller, programId));

    /// <summary>As <see cref="MonthlyAsync"/>, for a programme already loaded for the caller.</summary>
    public async Task<IReadOnlyList<MonthlyAccrual>> MonthlyOfAsync(Caller caller, SubsidyProgram program)
    {
        var lines = await LinesAsync(caller, program);
        var townships = await TownshipsAsync(lines);
        var today = await calendar.CurrentForReadAsync();
        var accruals = await AccrualsAsync(program, lines, today, today);
        // Quiet days brought in at once are split at the months' ends: each of their days accrued the same.
        return accruals
            .SelectMany(a => Months(a).Select(month => (month.Key, Township: townships[a.LineId], month.Amount)))
            .GroupBy(x => (x.Key, x.Township))
            .Select(g => new MonthlyAccrual(g.Key.Key, g.Key.Township, Accrual.Sum(g, x => x.Amount)))
            .ToList();
    }

    /// <summary>An accrual's amount by calendar month (<c>yyyy-MM</c>) of its days.</summary>
    private static IEnumerable<(string Key, Money Amount)> Months(SubsidyAccrued accrued)
    {
        for (var first = accrued.Date; first <= accrued.Through; first = first.With(DateAdjusters.StartOfMonth).PlusMonths(1))
            yield return ($"{first.Year:D4}-{first.Month:D2}", accrued.Within(first, first.With(DateAdjusters.EndOfMonth)));
    }

    /// <summary>
    /// The subsidy ledger of <paramref name="lines"/> from its start to <paramref name="through"/>: its rows, and the
    /// quiet days each line has not yet brought in (those since its last close, read in closed form as of
    /// <paramref name="today"/>). A row of quiet days may go on past <paramref name="through"/>: take its part with
    /// <see cref="SubsidyAccrued.Within"/>.
    /// </summary>
    private async Task<List<SubsidyAccrued>> AccrualsAsync(SubsidyProgram program, List<CreditLine> lines,
        LocalDate through, LocalDate today)
    {
        var ids = lines.Select(l => l.Id).ToHashSet();
        var rows = (await db.SubsidyAccruals.AsNoTracking()
                .Where(r => r.ProgramId == program.Id && r.Date <= through).ToListAsync())
            .Where(r => ids.Contains(r.LineId)).Select(r => r.ToEvent());
        var quiet = lines.SelectMany(l => l.ViewOn(today).PendingSubsidyEvents).OfType<SubsidyAccrued>()
            .Where(a => a.ProgramId == program.Id && a.Date <= through);
        return rows.Concat(quiet).ToList();
    }

    /// <summary>As <see cref="LiabilitiesAsync"/>, for a programme already loaded for the caller and a date already checked.</summary>
    public async Task<LiabilityReport> LiabilitiesOfAsync(Caller caller, SubsidyProgram program, LocalDate asOf, LocalDate today)
    {
        var lines = await LinesAsync(caller, program);
        var ids = lines.Select(l => l.Id).ToHashSet();
        var accrued = (await AccrualsAsync(program, lines, asOf, today))
            .GroupBy(a => a.LineId)
            .ToDictionary(g => g.Key, g => Accrual.Sum(g, a => a.Within(a.Date, asOf)));
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
            return new LineLiability(line, borrower, Regions.Township(borrower.RegionCode), buckets);
        }).ToList();
        var totals = Total(byLine);
        // A cooperative's report covers only its part: its remaining budget is the programme's today. Shown
        // beside the used figure, it is the budget less that figure as shown, so the two add up to the budget.
        var used = caller.Role == ApiRole.Cooperative ? program.Committed : totals.Used;
        var remaining = program.RemainingShownBeside(used);
        var forecast = Money.Min(Accrual.Sum(lines, l => SubsidyLiabilities.Forecast(l, program, today)),
            Money.Max(program.Remaining, Money.Zero));
        return new LiabilityReport(program, asOf, today, byLine, totals, remaining,
            asOf == today ? program.IsExhausted : remaining <= Money.Zero, forecast, cooperatives);
    }

    /// <summary>The buckets of <paramref name="lines"/> added up.</summary>
    public static SubsidyBuckets Total(IEnumerable<LineLiability> lines) =>
        lines.Aggregate(default(SubsidyBuckets), (s, l) => s + l.Buckets);

    private async Task<List<CreditLine>> LinesAsync(Caller caller, SubsidyProgram program)
    {
        var query = db.CreditLines.AsNoTracking().Where(l => l.SubsidyProgramId == program.Id);
        if (caller.Role == ApiRole.Cooperative) query = query.Where(l => l.CooperativeId == caller.TenantId);
        return await query.ToListAsync();
    }

    private async Task<Dictionary<Guid, string>> TownshipsAsync(List<CreditLine> lines)
    {
        var borrowerIds = lines.Select(l => l.BorrowerId).Distinct().ToList();
        var regions = await db.Borrowers.AsNoTracking().Where(b => borrowerIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.RegionCode);
        return lines.ToDictionary(l => l.Id, l => Regions.Township(regions[l.BorrowerId]));
    }
}
