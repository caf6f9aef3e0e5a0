using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>A 12-month line of 100,000.00 at 4.35% that draws, repays and pays every bill on time for a year.</summary>
public class RegularYearScenarioTests
{
    // Daily interest at 4.35% / 360: on 100000 → 12.0833…, on 90000 → 10.875, on 70000 → 8.4583…

    [Fact]
    public void CloseDay_YearOfOnTimePayments_BillsEveryMonthToTheFenAndPaysOffAtMaturity()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        Assert.Equal(new LocalDate(2027, 1, 5), line.MaturityDate);

        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 20));
        // 16 days (5th–20th) × 100000 = 1,600,000 积数 × 0.0435 / 360 = 193.3333 → 193.33
        Assert.Equal(193.33m, line.BilledInterest.Amount);
        Assert.Equal(new LocalDate(2026, 1, 21), line.Bills.Single().DueDate);

        Assert.Equal(193.33m, line.Repay(193.33m).BilledInterest.Amount); // on 21 Jan, the due date
        line.CloseThrough(new LocalDate(2026, 2, 9));

        var partial = line.Repay(30_000m); // 10 Feb
        Assert.Equal(30_000m, partial.Principal.Amount);
        Assert.Equal(0m, partial.AccruedInterest.Amount);
        line.CloseThrough(new LocalDate(2026, 2, 20));
        // 21 Jan–9 Feb: 20 days × 100000 = 2,000,000; 10–20 Feb: 11 days × 70000 = 770,000 (repayment day counts at 70000)
        // 2,770,000 × 0.0435 / 360 = 334.7083 → 334.71
        Assert.Equal(334.71m, line.BilledInterest.Amount);

        line.Repay(334.71m); // 21 Feb
        line.CloseThrough(new LocalDate(2026, 2, 28));
        Assert.Equal(30_000m, line.AvailableOn(line.Today()).Amount);
        line.Draw(30_000m); // 1 Mar
        line.CloseThrough(new LocalDate(2026, 3, 20));
        // 21–28 Feb: 8 × 70000 = 560,000; 1–20 Mar: 20 × 100000 = 2,000,000 (draw day counts)
        // 2,560,000 × 0.0435 / 360 = 309.3333 → 309.33
        Assert.Equal(309.33m, line.BilledInterest.Amount);

        var both = line.Repay(10_309.33m); // 21 Mar: the bill first, then principal
        Assert.Equal(309.33m, both.BilledInterest.Amount);
        Assert.Equal(10_000m, both.Principal.Amount);
        Assert.Equal(90_000m, line.Principal.Amount);

        // From here 90000 × 0.0435 / 360 = 10.875 a day; a 31-day period is 337.125 → 337.13 (half away from zero),
        // a 30-day period 326.25.
        var expected = new (LocalDate BilledOn, decimal Amount)[]
        {
            (new LocalDate(2026, 4, 20), 337.13m), // 21 Mar–20 Apr: 31 days
            (new LocalDate(2026, 5, 20), 326.25m), // 21 Apr–20 May: 30 days
            (new LocalDate(2026, 6, 20), 337.13m), // 31 days
            (new LocalDate(2026, 7, 20), 326.25m), // 30 days
            (new LocalDate(2026, 8, 20), 337.13m), // 31 days
            (new LocalDate(2026, 9, 20), 337.13m), // 21 Aug–20 Sep: 31 days
            (new LocalDate(2026, 10, 20), 326.25m), // 30 days
            (new LocalDate(2026, 11, 20), 337.13m), // 31 days
            (new LocalDate(2026, 12, 20), 326.25m), // 30 days
        };
        foreach (var (billedOn, amount) in expected)
        {
            line.CloseThrough(billedOn);
            var bill = Assert.Single(line.Bills);
            Assert.Equal(billedOn, bill.BilledOn);
            Assert.Equal(amount, bill.Unpaid.Amount);
            line.Repay(amount); // on the due date, the 21st
            Assert.Empty(line.Bills);
            Assert.Equal(Classification.Normal, line.Classification);
        }

        line.CloseThrough(new LocalDate(2027, 1, 4));
        var payoff = line.PayoffOn(new LocalDate(2027, 1, 5));
        // accrual runs through 4 Jan: 21 Dec–4 Jan = 15 days × 10.875 = 163.125 → 163.13
        Assert.Equal(163.13m, payoff.AccruedInterest.Amount);
        Assert.Equal(90_163.13m, payoff.Amount.Amount);

        line.Repay(90_163.13m);
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Equal(CreditLineStatus.Closed, line.Status);
        Assert.Empty(line.CloseDay(new LocalDate(2027, 1, 5), ProductSettings.Default));
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_DrawnOnFirstRepaidOnThirtyFirst_AccruesThirtyDays()
    {
        // 算头不算尾: quarterly settlement keeps the 20th out of the way; the first bill is on 20 March.
        var settings = new ProductSettings { Frequency = SettlementFrequency.Quarterly };
        var line = Lines.Open(new LocalDate(2026, 1, 1), settings: settings);
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 30), settings);

        line.Repay(100_000m); // 31 January
        line.CloseThrough(new LocalDate(2026, 3, 20), settings);

        // 1–30 Jan: 30 days × 100000 = 3,000,000 × 0.0435 / 360 = 362.50; 31 Jan ends at 0
        Assert.Equal(362.50m, line.BilledInterest.Amount);
        Assert.Equal(30, line.PendingJournal.Count(e => e.Kind == JournalEntryKind.Accrual));
    }

    [Fact]
    public void CloseDay_QuarterlySettlement_BillsOnlyOnTheTwentiethOfMarch()
    {
        var settings = new ProductSettings { Frequency = SettlementFrequency.Quarterly };
        var line = Lines.Open(new LocalDate(2026, 1, 5), settings: settings);
        line.Draw(100_000m);

        line.CloseThrough(new LocalDate(2026, 2, 20), settings);
        Assert.Empty(line.Bills);
        line.CloseThrough(new LocalDate(2026, 3, 19), settings);
        Assert.Empty(line.Bills);

        line.CloseThrough(new LocalDate(2026, 3, 20), settings);
        // 5 Jan–20 Mar: 27 + 28 + 20 = 75 days × 100000 = 7,500,000 × 0.0435 / 360 = 906.25
        var bill = Assert.Single(line.Bills);
        Assert.Equal(906.25m, bill.Unpaid.Amount);
        Assert.Equal(new LocalDate(2026, 3, 21), bill.DueDate);

        line.CloseThroughPayingBills(new LocalDate(2026, 6, 20), settings);
        // 21 Mar–20 Jun: 11 + 30 + 31 + 20 = 92 days × 100000 = 9,200,000 × 0.0435 / 360 = 1111.6667 → 1111.67
        Assert.Equal(1111.67m, Assert.Single(line.Bills).Unpaid.Amount);
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_BillingRoundsDown_DropsTheResidueAndStartsTheNextPeriodAtZero()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 20));
        // 193.3333… billed as 193.33; the 0.0033… is not carried
        Assert.Equal(193.33m, line.BilledInterest.Amount);
        Assert.Equal(0m, line.InterestBalanceDays);
        Assert.Equal(0m, line.AccruedInterest.Amount);

        line.CloseThroughPayingBills(new LocalDate(2026, 2, 20));
        // 21 Jan–20 Feb: 31 days × 100000 = 3,100,000 × 0.0435 / 360 = 374.5833 → 374.58
        Assert.Equal(374.58m, line.BilledInterest.Amount);
        line.AssertJournalMatches();
    }

    [Fact]
    public void PayoffOn_MidPeriod_CountsAccrualThroughTheDayBefore()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 14));

        // 5–14 Jan: 10 days × 100000 × 0.0435 / 360 = 120.8333 → 120.83; 15 Jan's own day is not in it
        var payoff = line.PayoffOn(new LocalDate(2026, 1, 15));
        Assert.Equal(120.83m, payoff.AccruedInterest.Amount);
        Assert.Equal(100_120.83m, payoff.Amount.Amount);

        var allocation = line.Repay(100_120.83m);
        Assert.Equal(100_000m, allocation.Principal.Amount);
        Assert.Equal(120.83m, allocation.AccruedInterest.Amount);
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Equal(CreditLineStatus.Active, line.Status); // before maturity the line stays open to draw again
        Assert.Equal(100_000m, line.AvailableOn(line.Today()).Amount);

        line.CloseThrough(new LocalDate(2026, 1, 20));
        Assert.Empty(line.Bills); // nothing left to bill: the payoff cleared the residue too
        line.AssertJournalMatches();
    }

    [Fact]
    public void Open_MonthEndStart_ClampsMaturityToMonthEnd()
    {
        Assert.Equal(new LocalDate(2026, 2, 28), Lines.Open(new LocalDate(2026, 1, 30), termMonths: 1).MaturityDate);
        Assert.Equal(new LocalDate(2026, 2, 28), Lines.Open(new LocalDate(2026, 1, 31), termMonths: 1).MaturityDate);
        Assert.Equal(new LocalDate(2028, 2, 29), Lines.Open(new LocalDate(2028, 1, 31), termMonths: 1).MaturityDate);
        Assert.Equal(new LocalDate(2026, 9, 30), Lines.Open(new LocalDate(2026, 8, 31), termMonths: 1).MaturityDate);
        Assert.Equal(new LocalDate(2031, 1, 31), Lines.Open(new LocalDate(2026, 1, 31), termMonths: 60).MaturityDate);
    }

    [Fact]
    public void CloseDay_MaturityOnClampedMonthEnd_BillsThroughTheTwentyEighthAndTurnsOverdueThen()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 30), termMonths: 1); // 30 Jan + 1 month = 28 Feb
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 27));
        // the 20 Feb bill: 30 Jan–20 Feb = 22 days × 100000 = 2,200,000 × 0.0435 / 360 = 265.8333 → 265.83, paid on 21 Feb

        line.CloseThrough(new LocalDate(2026, 2, 28));
        // 21–28 Feb: 8 days × 100000 = 800,000 × 0.0435 / 360 = 96.6667 → 96.67, billed and due on 28 Feb itself
        var bill = Assert.Single(line.Bills);
        Assert.Equal(new LocalDate(2026, 2, 28), bill.DueDate);
        Assert.Equal(96.67m, bill.Unpaid.Amount);
        Assert.True(bill.Overdue);
        Assert.Equal(100_000m, line.OverduePrincipal.Amount);
        Assert.Equal(CreditLineStatus.Matured, line.Status);
        Assert.Equal(1, line.DaysPastDueOn(new LocalDate(2026, 3, 1)));
        Assert.Equal(Classification.SpecialMention, line.Classification);
        Assert.Equal(265.83m, line.PendingJournal.Single(e => e.Kind == JournalEntryKind.InterestBilled
            && e.BusinessDate == new LocalDate(2026, 2, 20)).Amount.Amount);
    }
}
