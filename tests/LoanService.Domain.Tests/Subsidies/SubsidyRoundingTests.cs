using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>
/// Subsidy figures to the 分: a total is its exact sum rounded once, a budget that runs out is never
/// passed by the rounding at billing, and a 直接贴息 payoff nets the subsidy as it is billed
/// (docs/subsidies.md, "Rounding and a budget that runs out").
/// </summary>
public class SubsidyRoundingTests
{
    private static readonly LocalDate Jan5 = new(2026, 1, 5);

    [Fact]
    public void Committed_ThreeLinesWhoseDaysAddUpToAHalfFen_IsTheExactSumRoundedOnce()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        CreditLine[] lines =
        [
            Programs.OpenEnrolled(program, Jan5, 10_000m),
            Programs.OpenEnrolled(program, Jan5, 10_000m),
            Programs.OpenEnrolled(program, Jan5, 10_060m),
        ];
        foreach (var line in lines) line.CloseThrough(Jan5, budget);

        // 10,000 × 0.03 / 360 = 0.8333…, twice, and 10,060 × 0.03 / 360 = 0.838333…: exactly
        // 30,060 × 0.03 / 360 = 901.80 / 360 = 2.505, which is 2.51 (四舍五入), not the 2.50 that the sum of the
        // figures kept to 16 places (2.5049999999999999) would round to.
        Assert.Equal(new Money(2.505m), program.Committed);
        Assert.Equal(new Money(2.51m), program.Committed.RoundToFen());
        var totals = lines.Select(l => SubsidyLiabilities.Of(l.AccruedDays().Sum(d => d.Amount), [], Jan5))
            .Aggregate(default(SubsidyBuckets), (sum, b) => sum + b);
        Assert.Equal((new Money(2.51m), new Money(2.51m)), (totals.AccruedUnbilled.RoundToFen(), totals.Used.RoundToFen()));
        // Shown beside used 2.51, the remaining 2,999,997.495 is 3,000,000.00 − 2.51, so the two add up as shown.
        Assert.Equal(new Money(2_999_997.49m), program.RemainingShownBeside(program.Committed));
        // Each line's own part is its own figure rounded once: 0.83 + 0.83 + 0.84 = 2.50 beside the total's 2.51.
        Assert.Equal(new[] { 0.83m, 0.83m, 0.84m }, lines.Select(l => l.SubsidyAccrued.RoundToFen().Amount));
    }

    [Theory]
    [InlineData(SubsidyMode.BorrowerRefund)]
    [InlineData(SubsidyMode.LenderClaims)]
    public void Bill_BudgetUsedUpByExactAccruals_RoundingNeverPassesTheBudget(SubsidyMode mode)
    {
        // 3.00% fixed, budget 150.00. X draws 200,000 (16.6666… a day), Y 10,020 (10,020 × 0.03 / 360 = 0.835 a day).
        var program = Programs.Create(Programs.FixedRate(0.03m), mode, budget: 150m);
        var budget = new SubsidyBudget([program]);
        var x = Programs.OpenEnrolled(program, Jan5, 200_000m, limit: 200_000m);
        var y = Programs.OpenEnrolled(program, Jan5, 10_020m, limit: 200_000m);
        var z = Lines.Open(Jan5, limit: 200_000m);
        z.EnrolInSubsidy(program, Programs.Borrower(), Jan5);
        CreditLine[] lines = [x, y, z];
        CloseAll(lines, Jan5, budget);

        // 6 Jan: Y repays its principal; it accrues no more. X takes 16.6667 a day on 5–12 Jan (133.3333 in 8 days)
        // and on 13 Jan the last 150.00 − 0.835 − 133.3333 = 15.8317: X's period is exactly 149.165.
        y.Repay(10_020m, budget);
        CloseAll(lines, new LocalDate(2026, 1, 13), budget);
        Assert.Equal((new Money(149.165m), new Money(0.835m)), (x.SubsidyAccrued, y.SubsidyAccrued));
        Assert.Equal(new Money(150.00m), program.Committed);
        Assert.Equal(new LocalDate(2026, 1, 13), program.ExhaustedOn);

        // 14 Jan: Y pays off. Its 0.835 would round up to 0.84, but nothing is left: 0.83 is billed, 0.005 goes back.
        // Its interest is one day, 10,020 × 0.0435 / 360 = 1.21075 → 1.21: in 直接贴息 Y owes 1.21 − 0.83 = 0.38.
        var yPayoff = y.PayoffOn(y.Today(), budget);
        Assert.Equal(new Money(mode == SubsidyMode.LenderClaims ? 0.38m : 1.21m), yPayoff.Amount);
        y.Repay(yPayoff.Amount.Amount, budget);
        Assert.Equal(new Money(0.83m), y.BilledPeriod(new LocalDate(2026, 1, 14)).Amount);
        Assert.Equal(Money.Zero, y.PayoffOn(y.Today(), budget).Amount);
        if (mode == SubsidyMode.LenderClaims)
            Assert.Equal(new Money(1.21m), new Money(0.38m) + y.BilledPeriod(new LocalDate(2026, 1, 14)).Amount);
        Assert.Equal(new Money(149.995m), program.Committed);

        // 20 Jan, settlement: X's 149.165 rounds up to 149.17, which the 0.005 Y gave back makes room for.
        CloseAll(lines, new LocalDate(2026, 1, 20), budget);
        Assert.Equal(new Money(149.17m), x.BilledPeriod(new LocalDate(2026, 1, 20)).Amount);
        Assert.Equal(new Money(150.00m), program.Committed);
        Assert.Equal(Money.Zero, program.Remaining);

        // 21 Jan: X does not pay; its bill turns overdue and its 149.17 returns to the budget. 22 Jan: Z draws 200,000
        // and takes 16.6667 a day on 22–29 Jan (133.3333), then on 30 Jan the last 149.17 − 133.3333 = 15.8367.
        CloseAll(lines, new LocalDate(2026, 1, 21), budget, late: x);
        Assert.Single(x.PendingSubsidyEvents.OfType<SubsidyForfeited>(), f => f.Date == new LocalDate(2026, 1, 21));
        Assert.Equal(new Money(0.83m), program.Committed);
        z.Draw(200_000m);
        CloseAll(lines, new LocalDate(2026, 1, 31), budget, late: x);
        Assert.Equal(new Money(149.17m), z.SubsidyAccrued);
        Assert.Equal(new Money(15.8366666666666667m), z.AccruedDays().Single(d => d.Date == new LocalDate(2026, 1, 30)).Amount);
        Assert.DoesNotContain(z.AccruedDays(), d => d.Date == new LocalDate(2026, 1, 31));
        Assert.Equal(new Money(150.00m), program.Committed);
        Assert.Equal(new Money(0.00m), program.RemainingShownBeside(program.Committed));
        Assert.Equal(new LocalDate(2026, 1, 30), program.ExhaustedOn);
    }

    [Fact]
    public void PayoffOn_WithoutTheProgramme_QuotesTheSubsidyRoundedUpSoItIsTheLowestPayoff()
    {
        // The API reads a line's payoff without locking its programme; a repayment below this lowest quote cannot be
        // a payoff, so only one at or above it loads (and locks) the programme. Same setup as above, 14 Jan.
        var program = Programs.Create(Programs.FixedRate(0.03m), SubsidyMode.LenderClaims, budget: 150m);
        var budget = new SubsidyBudget([program]);
        var x = Programs.OpenEnrolled(program, Jan5, 200_000m, limit: 200_000m);
        var y = Programs.OpenEnrolled(program, Jan5, 10_020m, limit: 200_000m);
        CloseAll([x, y], Jan5, budget);
        y.Repay(10_020m, budget);
        CloseAll([x, y], new LocalDate(2026, 1, 13), budget);

        // 1.21 − 0.84 without the programme; 1.21 − 0.83 with it (no room to round up).
        Assert.Equal(new Money(0.37m), y.PayoffOn(y.Today()).Amount);
        Assert.Equal(new Money(0.38m), y.PayoffOn(y.Today(), budget).Amount);
        // 0.37 is not the payoff: it pays accrued interest ahead, bills no subsidy and leaves 0.01 owed.
        y.Repay(0.37m, budget);
        Assert.Empty(y.PendingSubsidyEvents.OfType<SubsidyBilled>());
        Assert.Equal(new Money(0.01m), y.PayoffOn(y.Today(), budget).Amount);
    }

    /// <summary>Closes X, Y, Z (in that order) for each day through <paramref name="through"/>; all but <paramref name="late"/> pay their bills when due.</summary>
    private static void CloseAll(CreditLine[] lines, LocalDate through, ISubsidyBudget budget, CreditLine? late = null)
    {
        var program = budget.Program(lines[0].SubsidyProgramId!.Value);
        for (var d = lines[0].LastClosedDate.PlusDays(1); d <= through; d = d.PlusDays(1))
            foreach (var line in lines)
            {
                if (line == late) line.CloseThrough(d, budget);
                else line.CloseThroughPayingBills(d, budget);
                Assert.True(program.Committed <= program.Budget, $"{program.Committed} used of {program.Budget} on {d}");
            }
    }
}
