using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>
/// Several lines on one small programme: the budget used (billed + accrued, docs/rules.md §6) never passes the
/// budget, the programme records the day it ran out, and a forfeiture gives money back.
/// </summary>
public class SubsidyBudgetTests
{
    // 3.60% fixed (below the lines' 4.35%) makes a day's subsidy principal × 0.036 / 360 = principal × 0.0001:
    // A on 100000 → 10.00, B on 60000 → 6.00, C on 50000 → 5.00; 21.00 a day together.

    [Fact]
    public void CloseDay_BudgetRunsOutMidPeriod_GrantsAPartialLastDayAndNothingAfterUntilAForfeitureGivesBack()
    {
        var program = Programs.Create(Programs.FixedRate(0.036m), budget: 500m);
        var budget = new SubsidyBudget([program]);
        var start = new LocalDate(2026, 1, 5);
        var a = Programs.OpenEnrolled(program, start, 100_000m);
        var b = Programs.OpenEnrolled(program, start, 60_000m);
        var c = Programs.OpenEnrolled(program, start, 50_000m);
        CreditLine[] lines = [a, b, c]; // each business date closes A, then B, then C

        // 5–20 Jan: 16 days × 21.00 = 336.00; billed A 160.00, B 96.00, C 80.00, all paid on 21 Jan.
        CloseAll(lines, new LocalDate(2026, 1, 20), program, budget);
        Assert.Equal(new Money(336.00m), program.Committed);
        Assert.Equal(new Money(160.00m), a.BilledPeriod(new LocalDate(2026, 1, 20)).Amount);
        // borrower bills: A 16 × 100000 × 0.0435 / 360 = 193.33 − 160.00 = 33.33; B 960,000 × 0.0435 / 360 = 116.00 − 96.00
        //   = 20.00; C 800,000 × 0.0435 / 360 = 96.6667 → 96.67 − 80.00 = 16.67
        Assert.Equal((new Money(33.33m), new Money(20.00m), new Money(16.67m)), (a.BorrowerBilled(new LocalDate(2026, 1, 20)),
            b.BorrowerBilled(new LocalDate(2026, 1, 20)), c.BorrowerBilled(new LocalDate(2026, 1, 20))));

        // 21–27 Jan: 7 × 21.00 = 147.00 → 483.00 used, 17.00 left.
        CloseAll(lines, new LocalDate(2026, 1, 27), program, budget);
        Assert.Equal(new Money(483.00m), program.Committed);
        Assert.Null(program.ExhaustedOn);

        // 28 Jan: A takes 10.00 (7.00 left), B 6.00 (1.00 left), C wants 5.00 and gets the last 1.00.
        CloseAll(lines, new LocalDate(2026, 1, 28), program, budget);
        Assert.Equal(new Money(500.00m), program.Committed);
        Assert.Equal(new LocalDate(2026, 1, 28), program.ExhaustedOn);
        var lastDayOfC = c.AccruedDays().Last();
        Assert.Equal((new LocalDate(2026, 1, 28), new Money(50_000m), new Money(1.00m)),
            (lastDayOfC.Date, lastDayOfC.Base, lastDayOfC.Amount));

        // 29 Jan–20 Feb: nothing left, nothing accrues.
        CloseAll(lines, new LocalDate(2026, 2, 20), program, budget);
        Assert.All(lines, line => Assert.DoesNotContain(line.AccruedDays(), e => e.Date > new LocalDate(2026, 1, 28)));
        Assert.Equal(new LocalDate(2026, 1, 28), program.ExhaustedOn);
        // 20 Feb: the 8 subsidized days 21–28 Jan: A 8 × 10.00 = 80.00, B 8 × 6.00 = 48.00, C 7 × 5.00 + 1.00 = 36.00
        Assert.Equal(new[] { 80.00m, 48.00m, 36.00m }, lines.Select(l => l.BilledPeriod(new LocalDate(2026, 2, 20)).Amount.Amount));
        var partialPeriod = c.BilledPeriod(new LocalDate(2026, 2, 20));
        Assert.Equal((8, 400_000m, new Money(36.00m)), (partialPeriod.Days, partialPeriod.BaseDays, partialPeriod.Unrounded));
        // interest 21 Jan–20 Feb, 31 days: A 374.58 − 80.00 = 294.58; B 1,860,000 × 0.0435 / 360 = 224.75 − 48.00 = 176.75;
        //   C 1,550,000 × 0.0435 / 360 = 187.2917 → 187.29 − 36.00 = 151.29
        Assert.Equal(new[] { 294.58m, 176.75m, 151.29m }, lines.Select(l => l.BorrowerBilled(new LocalDate(2026, 2, 20)).Amount));
        Assert.Equal(new Money(500.00m), program.Committed);

        // 21 Feb: B and C pay, A does not. A closes first: its 80.00 is forfeited and returns to the budget, so B and C
        // accrue again the same day (6.00 + 5.00): 500.00 − 80.00 + 11.00 = 431.00.
        CloseAll(lines, new LocalDate(2026, 2, 21), program, budget, late: a);
        Assert.Equal(new Money(374.58m), a.OverdueInterest); // 294.58 + 80.00: A owes the full interest
        Assert.Equal(new Money(431.00m), program.Committed);
        Assert.Null(program.ExhaustedOn);

        // 22–27 Feb: A is overdue (no subsidy); B and C 6 × 11.00 = 66.00 → 497.00.
        // 28 Feb: B wants 6.00 and gets the last 3.00; C gets nothing.
        CloseAll(lines, new LocalDate(2026, 3, 20), program, budget, late: a);
        Assert.Equal(new Money(500.00m), program.Committed);
        Assert.Equal(new LocalDate(2026, 2, 28), program.ExhaustedOn);
        Assert.Equal(new Money(3.00m), b.AccruedDays().Single(e => e.Date == new LocalDate(2026, 2, 28)).Amount);
        Assert.DoesNotContain(c.AccruedDays(), e => e.Date >= new LocalDate(2026, 2, 28));
        Assert.DoesNotContain(a.AccruedDays(), e => e.Date > new LocalDate(2026, 1, 28));
        // 20 Mar: B 7 × 6.00 + 3.00 = 45.00, C 7 × 5.00 = 35.00; A had no subsidized day, so no period at all.
        Assert.Equal(new Money(45.00m), b.BilledPeriod(new LocalDate(2026, 3, 20)).Amount);
        Assert.Equal(new Money(35.00m), c.BilledPeriod(new LocalDate(2026, 3, 20)).Amount);
        Assert.DoesNotContain(a.PendingSubsidyEvents.OfType<SubsidyBilled>(), e => e.Date == new LocalDate(2026, 3, 20));
        // A's borrower bill is its gross interest: 21 Feb–20 Mar, 28 days × 100000 × 0.0435 / 360 = 338.3333 → 338.33
        Assert.Equal(new Money(338.33m), a.BorrowerBilled(new LocalDate(2026, 3, 20)));
        Assert.All(lines, line => line.AssertJournalMatches());
    }

    [Fact]
    public void EnrolInSubsidy_WhileExhausted_IsRefusedAndOnceAForfeitureGaveBackIsAccepted()
    {
        // 3.00% on 100000 is 8.3333… a day: the first close takes the whole 8.33 budget.
        var program = Programs.Create(Programs.FixedRate(0.03m), budget: 8.33m);
        var budget = new SubsidyBudget([program]);
        var first = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        first.CloseThrough(new LocalDate(2026, 1, 5), budget);
        Assert.Equal(new Money(8.33m), first.SubsidyAccrued);
        Assert.Equal(new LocalDate(2026, 1, 5), program.ExhaustedOn);

        var second = Lines.Open(new LocalDate(2026, 1, 6));
        var refused = Assert.Throws<DomainException>(() => second.EnrolInSubsidy(program, Programs.Borrower(), second.Today()));
        Assert.Equal(ErrorCodes.SubsidyProgramExhausted, refused.Code);
        Assert.Null(second.SubsidyProgramId);

        // The first line's 20 Jan bill (193.33 − 8.33 = 185.00) is not paid: 8.33 returns at 21 Jan's close.
        first.CloseThrough(new LocalDate(2026, 1, 21), budget);
        Assert.Equal(new Money(185.00m + 8.33m), first.OverdueInterest);
        Assert.Equal(Money.Zero, program.Committed);
        Assert.Null(program.ExhaustedOn);
        second.CloseThrough(new LocalDate(2026, 1, 21));
        second.EnrolInSubsidy(program, Programs.Borrower(), second.Today());
        Assert.Equal(program.Id, second.SubsidyProgramId);
    }

    /// <summary>Less than one 分 left counts as used up: a sub-分 rounding remainder does not reopen the programme.</summary>
    [Fact]
    public void Repay_PayoffAfterExhaustion_SubFenRoundingDoesNotReopenTheProgramme()
    {
        // 3.00% on 100000 is 8.3333… a day for each of A and B; budget 30.00.
        var program = Programs.Create(Programs.FixedRate(0.03m), budget: 30m);
        var budget = new SubsidyBudget([program]);
        var a = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        var b = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        CreditLine[] lines = [a, b];
        // 5 Jan: 8.3333 + 8.3333 = 16.6667 used; 6 Jan: A 8.3333 (25.00 used), B gets the last 5.00 → exhausted on 6 Jan.
        // A has 200,000 × 0.03 / 360 = 16.6666666666666667 accrued, B 16.6666666666666667 − 3.3333333333333334 = 13.3333333333333333.
        CloseAll(lines, new LocalDate(2026, 1, 7), program, budget);
        Assert.Equal(new LocalDate(2026, 1, 6), program.ExhaustedOn);
        Assert.Equal(new Money(16.6666666666666667m), a.SubsidyAccrued);
        Assert.Equal(new Money(13.3333333333333333m), b.SubsidyAccrued);

        // 8 Jan: A pays off. Its subsidy 16.6667 would round up to 16.67 but no budget is left, so 16.66 is billed:
        // 0.0066666666666667 goes back. Gross 300,000 × 0.0435 / 360 = 36.25, less the 16.66 billed: 19.59; payoff
        // 100,019.59 (the borrower's 19.59 and the programme's 16.66 make the 36.25 of interest).
        Assert.Equal(new Money(100_019.59m), a.PayoffOn(a.Today(), budget).Amount);
        a.Repay(100_019.59m, budget);
        Assert.Equal(new Money(16.66m), a.BilledPeriod(new LocalDate(2026, 1, 8)).Amount);
        Assert.Equal(new Money(0.0066666666666667m), program.Remaining);

        // Less than a 分 left is no budget: the programme stays exhausted since 6 Jan and B accrues nothing on 8 Jan.
        Assert.True(program.IsExhausted);
        Assert.Equal(new LocalDate(2026, 1, 6), program.ExhaustedOn);
        var third = Lines.Open(new LocalDate(2026, 1, 8));
        Assert.Equal(ErrorCodes.SubsidyProgramExhausted,
            Assert.Throws<DomainException>(() => third.EnrolInSubsidy(program, Programs.Borrower(), third.Today())).Code);
        b.CloseThrough(new LocalDate(2026, 1, 8), budget);
        Assert.DoesNotContain(b.AccruedDays(), e => e.Date == new LocalDate(2026, 1, 8));
        Assert.Equal(2, b.SubsidyDays);
        Assert.Equal(new LocalDate(2026, 1, 6), program.ExhaustedOn);
    }

    /// <summary>
    /// Closes every line for each day through <paramref name="through"/>, in order; each line except
    /// <paramref name="late"/> pays its bills on their due date. The budget used never passes the budget.
    /// </summary>
    private static void CloseAll(CreditLine[] lines, LocalDate through, SubsidyProgram program, ISubsidyBudget budget,
        CreditLine? late = null)
    {
        for (var d = lines[0].LastClosedDate.PlusDays(1); d <= through; d = d.PlusDays(1))
            foreach (var line in lines)
            {
                if (line == late) line.CloseThrough(d, budget);
                else line.CloseThroughPayingBills(d, budget);
                Assert.True(program.Committed <= program.Budget, $"{program.Committed} used of {program.Budget} on {d}");
            }
    }
}
