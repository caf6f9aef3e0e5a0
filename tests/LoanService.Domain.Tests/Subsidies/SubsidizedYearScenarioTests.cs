using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>
/// A 12-month line of 100,000.00 at 4.35% in a 直接贴息 programme paying 3.00% a year: a year of draws,
/// repayments and monthly settlements, one of them paid late and so forfeited.
/// </summary>
public class SubsidizedYearScenarioTests
{
    // Each period: interest = 积数 × 0.0435 / 360 and subsidy = subsidized 积数 × 0.03 / 360, each rounded to 分
    // once when billed; the borrower is billed round(interest) − round(subsidy).
    // Per day on 100000: interest 12.0833…, subsidy 8.3333…; on 90000: 10.875 and 7.50.

    [Fact]
    public void CloseDay_SubsidizedYearWithOneLatePeriod_BillsNetInterestAndForfeitsOnlyTheLatePeriod()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        var line = Lines.Open(new LocalDate(2026, 1, 5)); // matures 5 Jan 2027
        line.EnrolInSubsidy(program, Programs.Borrower(), line.Today());
        Assert.Equal(0.03m, line.SubsidyRate); // min(3.00%, 4.35%)
        line.Draw(100_000m);

        // 20 Jan. 5–20 Jan: 16 days × 100000 = 1,600,000 积数
        //   interest 1,600,000 × 0.0435 / 360 = 193.3333 → 193.33; subsidy 1,600,000 × 0.03 / 360 = 133.3333 → 133.33
        //   borrower 193.33 − 133.33 = 60.00
        line.CloseThrough(new LocalDate(2026, 1, 20), budget);
        AssertBilled(line, new LocalDate(2026, 1, 20), subsidy: 133.33m, borrower: 60.00m);
        line.Repay(60.00m, budget); // 21 Jan, the due date
        AssertEarned(line, new LocalDate(2026, 1, 20), on: new LocalDate(2026, 1, 21));

        line.CloseThrough(new LocalDate(2026, 2, 9), budget);
        line.Repay(30_000m, budget); // 10 Feb: principal 70000
        // 20 Feb. 21 Jan–9 Feb: 20 × 100000 = 2,000,000; 10–20 Feb: 11 × 70000 = 770,000; 2,770,000 积数, all subsidized
        //   interest 2,770,000 × 0.0435 / 360 = 334.7083 → 334.71; subsidy 2,770,000 × 0.03 / 360 = 230.8333 → 230.83
        //   borrower 334.71 − 230.83 = 103.88
        line.CloseThrough(new LocalDate(2026, 2, 20), budget);
        AssertBilled(line, new LocalDate(2026, 2, 20), subsidy: 230.83m, borrower: 103.88m);
        line.Repay(103.88m, budget);
        AssertEarned(line, new LocalDate(2026, 2, 20), on: new LocalDate(2026, 2, 21));

        line.CloseThrough(new LocalDate(2026, 2, 28), budget);
        line.Draw(30_000m); // 1 Mar: principal 100000
        // 20 Mar. 21–28 Feb: 8 × 70000 = 560,000; 1–20 Mar: 20 × 100000 = 2,000,000; 2,560,000 积数
        //   interest 2,560,000 × 0.0435 / 360 = 309.3333 → 309.33; subsidy 2,560,000 × 0.03 / 360 = 213.3333 → 213.33
        //   borrower 309.33 − 213.33 = 96.00
        line.CloseThrough(new LocalDate(2026, 3, 20), budget);
        AssertBilled(line, new LocalDate(2026, 3, 20), subsidy: 213.33m, borrower: 96.00m);
        // budget used: 133.33 + 230.83 + 213.33 billed
        Assert.Equal(new Money(577.49m), program.Committed);

        // The 96.00 due on 21 Mar is not paid: at 21 Mar's close it turns overdue and the period's 213.33 is forfeited.
        line.CloseThrough(new LocalDate(2026, 3, 21), budget);
        Assert.Equal(new Money(309.33m), line.OverdueInterest); // 96.00 + 213.33: the full interest of the period
        var forfeitEntry = line.PendingJournal.Single(e => e.Kind == JournalEntryKind.SubsidyForfeited);
        Assert.Equal(new LocalDate(2026, 3, 21), forfeitEntry.BusinessDate);
        Assert.Equal(new Money(213.33m), forfeitEntry.Amount);
        Assert.Equal(new Money(213.33m), forfeitEntry.Change.OverdueInterest);
        var forfeited = line.PendingSubsidyEvents.OfType<SubsidyForfeited>().Single();
        Assert.Equal((new LocalDate(2026, 3, 21), new Money(213.33m), line.BilledPeriod(new LocalDate(2026, 3, 20)).Id),
            (forfeited.Date, forfeited.Amount, forfeited.PeriodId));
        // 21 Mar itself is subsidized (nothing was overdue before that close's billing): 100000 × 0.03 / 360 = 8.3333…
        // budget used: 577.49 − 213.33 + 8.3333… = 372.4933…
        Assert.Equal(new Money(372.4933333333333333m), program.Committed);

        // 22–24 Mar close with the bill overdue: interest runs on, subsidy does not (逾期不贴息).
        line.CloseThrough(new LocalDate(2026, 3, 24), budget);
        Assert.Equal(1, line.SubsidyDays);
        Assert.Equal(new Money(8.3333333333333333m), line.SubsidyAccrued);
        // compound interest, closes 22–24 Mar: 3 × 309.33 = 927.99 积数 × 0.06525 / 360 = 0.1682 → 0.17
        var quote = line.PayoffOn(new LocalDate(2026, 3, 25));
        Assert.Equal((new Money(0.17m), new Money(309.33m)), (quote.PenaltyInterest, quote.OverdueInterest));
        var late = line.Repay(10_309.50m, budget); // 25 Mar: 0.17 + 309.33 + 10000 of principal → 90000
        Assert.Equal((new Money(0.17m), new Money(309.33m), new Money(10_000m)),
            (late.PenaltyInterest, late.OverdueInterest, late.Principal));
        Assert.DoesNotContain(line.PendingSubsidyEvents.OfType<SubsidyEarned>(), e => e.Date == new LocalDate(2026, 3, 25)); // paid late: not earned

        // 20 Apr. Interest 21 Mar–20 Apr: 4 × 100000 (21–24 Mar) + 27 × 90000 (25 Mar–20 Apr) = 2,830,000 积数
        //   → × 0.0435 / 360 = 341.9583 → 341.96
        // Subsidy on 28 days: 21 Mar (100000) and 25 Mar–20 Apr (27 × 90000): 2,530,000 积数 × 0.03 / 360 = 210.8333 → 210.83
        //   borrower 341.96 − 210.83 = 131.13
        line.CloseThrough(new LocalDate(2026, 4, 20), budget);
        var april = AssertBilled(line, new LocalDate(2026, 4, 20), subsidy: 210.83m, borrower: 131.13m);
        Assert.Equal(new SubsidyPeriod(april.Id, program.Id, line.Id, new LocalDate(2026, 3, 21), new LocalDate(2026, 4, 20),
            new LocalDate(2026, 4, 21), 28, 2_530_000m, 0.03m, new Money(210.8333333333333333m), new Money(210.83m)), april);
        line.Repay(131.13m, budget);
        AssertEarned(line, new LocalDate(2026, 4, 20), on: new LocalDate(2026, 4, 21));

        // At 90000: a 30-day period is 326.25 interest and 225.00 subsidy (borrower 101.25); a 31-day one
        // 337.125 → 337.13 and 232.50 (borrower 104.63).
        PayMonthly(line, budget, (new LocalDate(2026, 5, 20), 225.00m, 101.25m), (new LocalDate(2026, 6, 20), 232.50m, 104.63m));

        line.CloseThrough(new LocalDate(2026, 7, 9), budget);
        line.Repay(22_345.67m, budget); // 10 Jul: principal 90000 − 22345.67 = 67654.33
        // 20 Jul. 21 Jun–9 Jul: 19 × 90000 = 1,710,000; 10–20 Jul: 11 × 67654.33 = 744,197.63; 2,454,197.63 积数
        //   interest × 0.0435 / 360 = 296.5489 → 296.55; subsidy × 0.03 / 360 = 204.5165 → 204.52; borrower 92.03
        // From then on 67654.33 a day: a 31-day period is 2,097,284.23 积数 → interest 253.4218 → 253.42,
        //   subsidy 174.7737 → 174.77, borrower 78.65; a 30-day one 2,029,629.90 积数 → interest 245.2469 → 245.25,
        //   subsidy 169.1358 → 169.14, borrower 76.11.
        PayMonthly(line, budget,
            (new LocalDate(2026, 7, 20), 204.52m, 92.03m),
            (new LocalDate(2026, 8, 20), 174.77m, 78.65m), // 21 Jul–20 Aug: 31 days
            (new LocalDate(2026, 9, 20), 174.77m, 78.65m), // 21 Aug–20 Sep: 31 days
            (new LocalDate(2026, 10, 20), 169.14m, 76.11m), // 30 days
            (new LocalDate(2026, 11, 20), 174.77m, 78.65m), // 31 days
            (new LocalDate(2026, 12, 20), 169.14m, 76.11m)); // 30 days
        Assert.Equal(Classification.Normal, line.Classification);

        // 5 Jan 2027, maturity: the payoff's accrual runs through 4 Jan. 21 Dec–4 Jan: 15 × 67654.33 = 1,014,814.95 积数
        //   gross 1,014,814.95 × 0.0435 / 360 = 122.623473125; subsidy × 0.03 / 360 = 84.5679125
        //   the borrower owes what a settlement today would bill: round(gross) − round(subsidy) = 122.62 − 84.57 = 38.05
        //   (not the net 38.055560625 rounded to 38.06), so borrower and programme together pay 122.62.
        line.CloseThrough(new LocalDate(2027, 1, 4), budget);
        Assert.Equal(new Money(122.623473125m), line.GrossAccruedInterest);
        Assert.Equal(new Money(84.5679125m), line.SubsidyAccrued);
        var payoff = line.PayoffOn(new LocalDate(2027, 1, 5));
        Assert.Equal(new Money(38.05m), payoff.AccruedInterest);
        Assert.Equal(new Money(67_692.38m), payoff.Amount); // 67654.33 + 38.05
        line.Repay(67_692.38m, budget);
        // Paying off the accrued interest bills the period's subsidy at once, due and earned the same day.
        var last = line.BilledPeriod(new LocalDate(2027, 1, 5));
        Assert.Equal((new LocalDate(2026, 12, 21), new LocalDate(2027, 1, 5), 15, new Money(84.5679125m), new Money(84.57m)),
            (last.PeriodStart, last.DueDate, last.Days, last.Unrounded, last.Amount));
        AssertEarned(line, new LocalDate(2027, 1, 5), on: new LocalDate(2027, 1, 5));
        Assert.Equal(CreditLineStatus.Closed, line.Status);
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Empty(line.PendingSubsidies);

        // Every period billed; all but March's earned, March's forfeited.
        Assert.Equal(new[] { 133.33m, 230.83m, 213.33m, 210.83m, 225.00m, 232.50m, 204.52m, 174.77m, 174.77m, 169.14m,
            174.77m, 169.14m, 84.57m }, line.PendingSubsidyEvents.OfType<SubsidyBilled>().Select(e => e.Period.Amount.Amount));
        Assert.Equal(new[] { 133.33m, 230.83m, 210.83m, 225.00m, 232.50m, 204.52m, 174.77m, 174.77m, 169.14m,
            174.77m, 169.14m, 84.57m }, line.PendingSubsidyEvents.OfType<SubsidyEarned>().Select(e => e.Amount.Amount));
        // Budget used at the end: the earned periods 133.33 + 230.83 + 210.83 + 225.00 + 232.50 + 204.52
        //   + 3 × 174.77 + 2 × 169.14 + 84.57 = 2,184.17; nothing accrued is left unbilled.
        Assert.Equal(new Money(2_184.17m), program.Committed);
        Assert.Equal(new Money(2_997_815.83m), program.Remaining);
        Assert.Null(program.ExhaustedOn);
        line.AssertJournalMatches();
    }

    /// <summary>Closes through each settlement, checks its figures and pays the borrower's bill on the due date.</summary>
    private static void PayMonthly(CreditLine line, ISubsidyBudget budget,
        params (LocalDate BilledOn, decimal Subsidy, decimal Borrower)[] months)
    {
        foreach (var (billedOn, subsidy, borrower) in months)
        {
            line.CloseThrough(billedOn, budget);
            AssertBilled(line, billedOn, subsidy, borrower);
            line.Repay(borrower, budget);
            AssertEarned(line, billedOn, on: billedOn.PlusDays(1));
        }
    }

    private static SubsidyPeriod AssertBilled(CreditLine line, LocalDate billedOn, decimal subsidy, decimal borrower)
    {
        var period = line.BilledPeriod(billedOn);
        Assert.Equal(new Money(subsidy), period.Amount);
        Assert.Equal(new Money(borrower), line.BorrowerBilled(billedOn));
        var bill = Assert.Single(line.Bills, b => b.BilledOn == billedOn);
        Assert.Equal((billedOn.PlusDays(1), new Money(borrower)), (bill.DueDate, bill.Unpaid));
        return period;
    }

    private static void AssertEarned(CreditLine line, LocalDate billedOn, LocalDate on)
    {
        var period = line.BilledPeriod(billedOn);
        var earned = line.PendingSubsidyEvents.OfType<SubsidyEarned>().Single(e => e.PeriodId == period.Id);
        Assert.Equal((on, period.Amount), (earned.Date, earned.Amount));
    }
}
