using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Subsidies;

/// <summary>
/// 贴息负债 by state. Every amount is whole 分 except <see cref="AccruedUnbilled"/> (and so
/// <see cref="Used"/>), which is kept exact, summed exactly (<see cref="Accrual.Sum(IEnumerable{Money})"/>)
/// and rounded only for display, once, from the exact sum.
/// </summary>
public readonly record struct SubsidyBuckets(
    Money AccruedUnbilled,
    Money BilledNotEarned,
    Money EarnedNotClaimed,
    Money ClaimedNotPaid,
    Money Paid,
    Money Forfeited)
{
    /// <summary>What counts against the budget: everything but the forfeited.</summary>
    public Money Used => Accrual.Add(AccruedUnbilled, BilledNotEarned + EarnedNotClaimed + ClaimedNotPaid + Paid);

    public static SubsidyBuckets operator +(SubsidyBuckets a, SubsidyBuckets b) => new(
        Accrual.Add(a.AccruedUnbilled, b.AccruedUnbilled), a.BilledNotEarned + b.BilledNotEarned,
        a.EarnedNotClaimed + b.EarnedNotClaimed, a.ClaimedNotPaid + b.ClaimedNotPaid, a.Paid + b.Paid,
        a.Forfeited + b.Forfeited);
}

/// <summary>What became of one billed period, with the business dates it happened on.</summary>
public sealed record PeriodFacts(
    Money Amount,
    Money Unrounded,
    LocalDate BilledOn,
    LocalDate? EarnedOn,
    LocalDate? ForfeitedOn,
    LocalDate? ClaimedOn,
    LocalDate? PaidOn);

public static class SubsidyLiabilities
{
    /// <summary>
    /// One line's liabilities at the end of business date <paramref name="asOf"/>:
    /// <paramref name="accruedThroughAsOf"/> is its daily ledger summed through that date (renewal
    /// transfers included); a period counts from the date it was billed, earned, forfeited, claimed, paid.
    /// </summary>
    public static SubsidyBuckets Of(Money accruedThroughAsOf, IEnumerable<PeriodFacts> periods, LocalDate asOf)
    {
        var billedUnrounded = Money.Zero;
        var (billed, earned, claimed, paid, forfeited) = (Money.Zero, Money.Zero, Money.Zero, Money.Zero, Money.Zero);
        foreach (var p in periods)
        {
            if (p.BilledOn > asOf) continue;
            billedUnrounded = Accrual.Add(billedUnrounded, p.Unrounded);
            if (p.ForfeitedOn <= asOf) forfeited += p.Amount;
            else if (p.PaidOn <= asOf) paid += p.Amount;
            else if (p.ClaimedOn <= asOf) claimed += p.Amount;
            else if (p.EarnedOn <= asOf) earned += p.Amount;
            else billed += p.Amount;
        }
        return new SubsidyBuckets(Accrual.Subtract(accruedThroughAsOf, billedUnrounded), billed, earned, claimed, paid, forfeited);
    }

    /// <summary>
    /// The subsidy <paramref name="line"/> would still accrue from <paramref name="today"/> (not yet
    /// closed) through the programme's end or the line's maturity, whichever is first, at today's
    /// principal, if it stays as it is: nothing when it cannot accrue today (overdue, closed, extended
    /// and not covered, no principal).
    /// </summary>
    public static Money Forecast(CreditLine line, SubsidyProgram program, LocalDate today)
    {
        if (line.SubsidyProgramId != program.Id || !line.IsOpen || line.HasOverdue || !line.Principal.IsPositive
            || (line.IsExtended && !program.CoversExtendedLines)) return Money.Zero;
        var from = today < program.StartDate ? program.StartDate : today;
        var to = program.EndDate < line.MaturityDate ? program.EndDate : line.MaturityDate;
        if (to < from) return Money.Zero;
        var days = Period.DaysBetween(from, to) + 1;
        var subsidized = Money.Min(line.Principal, line.SubsidyCap);
        return Accrual.Interest(subsidized.Amount * days, line.SubsidyRate);
    }
}
