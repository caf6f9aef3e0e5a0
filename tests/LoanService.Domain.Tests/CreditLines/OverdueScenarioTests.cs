using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>Missed bills, maturity unpaid, penalty and compound interest, days past due and 五级分类.</summary>
public class OverdueScenarioTests
{
    // Penalty rate = 0.0435 × 1.5 = 0.06525 a year, / 360 a day.

    [Fact]
    public void CloseDay_MissedSettlement_TurnsOverdueAndAccruesCompoundInterestFromTheNextClose()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 21)); // the 193.33 bill due 21 Jan is not paid

        Assert.Equal(193.33m, line.OverdueInterest.Amount);
        Assert.Equal(0m, line.PenaltyInterest.Amount); // compound interest starts at 22 Jan's close
        line.AssertRefusedUnchanged(ErrorCodes.DrawLineOverdue, () => line.Draw(1_000m));
        Assert.Equal(0m, line.AvailableOn(line.Today()).Amount);

        line.CloseThrough(new LocalDate(2026, 1, 31));
        // closes of 22–31 Jan: 10 days × 193.33 = 1,933.30 积数 × 0.06525 / 360 = 0.3504 → 0.35
        var payoff = line.PayoffOn(new LocalDate(2026, 2, 1));
        Assert.Equal(0.35m, payoff.PenaltyInterest.Amount);
        Assert.Equal(11, line.DaysPastDueOn(new LocalDate(2026, 2, 1))); // 1 Feb − 21 Jan
        Assert.Equal(Classification.SpecialMention, line.Classification);

        var allocation = line.Repay(193.68m); // 0.35 + 193.33
        Assert.Equal(0.35m, allocation.PenaltyInterest.Amount);
        Assert.Equal(193.33m, allocation.OverdueInterest.Amount);
        Assert.Equal(0m, line.PenaltyInterest.Amount); // the 0.0004 residue went with the payment that covered it
        Assert.Equal(0, line.DaysPastDueOn(new LocalDate(2026, 2, 1)));

        line.CloseThrough(new LocalDate(2026, 2, 20));
        Assert.Equal(Classification.Normal, line.Classification);
        // ordinary interest ran on on the whole 100000 all along: 21 Jan–20 Feb = 31 days → 374.5833 → 374.58
        Assert.Equal(374.58m, line.BilledInterest.Amount);
        line.Repay(1_374.58m); // 21 Feb: the bill and 1000 of principal
        Assert.Equal(1_000m, line.Draw(1_000m).Amount.Amount); // draws again once nothing is overdue
        line.AssertJournalMatches();
    }

    [Fact]
    public void Repay_EveryComponentOwed_PaysInRuleOrderAndAccruedInterestIsNotBilledAgain()
    {
        var settings = new ProductSettings { GraceDays = 5 };
        var line = Lines.Open(new LocalDate(2026, 1, 5), settings: settings);
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 2, 25), settings);
        // 20 Jan bill 193.33 turned overdue at 26 Jan's close (due 21 Jan + 5 grace days);
        // 20 Feb bill: 21 Jan–20 Feb 31 days → 374.58, due 21 Feb, still within grace on 26 Feb.
        var payoff = line.PayoffOn(new LocalDate(2026, 2, 26));
        // compound: closes 27 Jan–25 Feb = 30 days × 193.33 = 5,799.90 × 0.06525 / 360 = 1.0512 → 1.05
        Assert.Equal(1.05m, payoff.PenaltyInterest.Amount);
        Assert.Equal(193.33m, payoff.OverdueInterest.Amount);
        Assert.Equal(374.58m, payoff.BilledInterest.Amount);
        // accrued: 21–25 Feb = 5 days × 100000 = 500,000 × 0.0435 / 360 = 60.4167 → 60.42
        Assert.Equal(60.42m, payoff.AccruedInterest.Amount);
        Assert.Equal(100_629.38m, payoff.Amount.Amount); // 1.05 + 193.33 + 374.58 + 100000 + 60.42

        // step 6 is reached only once principal is paid in full
        var allocation = line.Repay(100_598.96m); // 1.05 + 193.33 + 374.58 + 100000 + 30
        Assert.Equal(new RepaymentAllocation(new Money(1.05m), new Money(193.33m), Money.Zero, new Money(374.58m),
            new Money(100_000m), new Money(30m)), allocation);
        Assert.Equal(0m, line.Principal.Amount);

        line.CloseThrough(new LocalDate(2026, 3, 20), settings);
        // left: 60.41667 − 30 = 30.41667 → 30.42; no principal since, so nothing else accrued
        Assert.Equal(30.42m, line.BilledInterest.Amount);
        line.AssertJournalMatches();
    }

    [Fact]
    public void Repay_TwoOverdueBills_PaysTheOldestFirst()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 2, 21));
        // 193.33 overdue since 21 Jan's close, 374.58 since 21 Feb's close (compound from 22 Feb on)
        // compound: closes 22 Jan–21 Feb = 31 days × 193.33 = 5,993.23 × 0.06525 / 360 = 1.0863 → 1.09
        Assert.Equal(1.09m, line.PayoffOn(line.Today()).PenaltyInterest.Amount);

        var allocation = line.Repay(200m);

        Assert.Equal(1.09m, allocation.PenaltyInterest.Amount);
        Assert.Equal(198.91m, allocation.OverdueInterest.Amount); // 193.33 of January + 5.58 of February
        var left = Assert.Single(line.Bills);
        Assert.Equal(new LocalDate(2026, 2, 21), left.DueDate);
        Assert.Equal(369.00m, left.Unpaid.Amount); // 374.58 − 5.58
        Assert.Equal(1, line.DaysPastDueOn(new LocalDate(2026, 2, 22))); // now counted from 21 Feb
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_GraceDays_TurnBillOverdueOnlyAtCloseOfDueDatePlusGrace()
    {
        var settings = new ProductSettings { GraceDays = 3 };
        var line = Lines.Open(new LocalDate(2026, 1, 5), settings: settings);
        line.Draw(100_000m);

        line.CloseThrough(new LocalDate(2026, 1, 23), settings);
        Assert.False(line.HasOverdue);
        Assert.Equal(193.33m, line.BilledInterest.Amount);
        Assert.Equal(Classification.Normal, line.Classification);

        line.CloseThrough(new LocalDate(2026, 1, 24), settings); // 21 Jan + 3
        Assert.Equal(193.33m, line.OverdueInterest.Amount);
        // days past due still count from the due date: 25 Jan − 21 Jan
        Assert.Equal(4, line.DaysPastDueOn(new LocalDate(2026, 1, 25)));
        Assert.Equal(Classification.SpecialMention, line.Classification);
    }

    [Fact]
    public void Repay_WithinGraceDays_OwesNoCompoundInterest()
    {
        var settings = new ProductSettings { GraceDays = 3 };
        var line = Lines.Open(new LocalDate(2026, 1, 5), settings: settings);
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 22), settings);

        var allocation = line.Repay(193.33m); // 23 Jan, two days after the due date, inside the grace

        Assert.Equal(193.33m, allocation.BilledInterest.Amount);
        Assert.Equal(0m, allocation.PenaltyInterest.Amount);
        line.CloseThrough(new LocalDate(2026, 1, 31), settings);
        Assert.False(line.HasOverdue);
        Assert.Equal(Classification.Normal, line.Classification);
    }

    [Fact]
    public void CloseDay_MaturityUnpaid_AccruesPenaltyOnPrincipalAndCompoundOnInterestUntilPaidOff()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 3);
        Assert.Equal(new LocalDate(2026, 4, 5), line.MaturityDate);
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 4, 4));
        // paid: 193.33 (16 days), 374.58 (31 days), 338.33 (21 Feb–20 Mar: 28 days × 100000 × 0.0435 / 360 = 338.3333)
        Assert.Equal(new[] { 193.33m, 374.58m, 338.33m }, line.PendingJournal
            .Where(e => e.Kind == JournalEntryKind.InterestBilled).Select(e => e.Amount.Amount));
        line.AssertRefusedUnchanged(ErrorCodes.DrawPastMaturity, () => line.Draw(1m)); // 5 Apr, the maturity date

        line.CloseDay(new LocalDate(2026, 4, 5), ProductSettings.Default);
        // 21 Mar–5 Apr: 16 days (maturity day included) × 100000 × 0.0435 / 360 = 193.3333 → 193.33, due 5 Apr, overdue at once
        var bill = Assert.Single(line.Bills);
        Assert.Equal((new LocalDate(2026, 4, 5), 193.33m, true), (bill.DueDate, bill.Unpaid.Amount, bill.Overdue));
        Assert.Equal(100_000m, line.OverduePrincipal.Amount);
        Assert.Equal(0m, line.Principal.Amount);
        Assert.Equal(CreditLineStatus.Matured, line.Status);
        Assert.Equal(0m, line.PenaltyInterest.Amount);

        line.CloseThrough(new LocalDate(2026, 4, 15));
        Assert.Equal(0m, line.AccruedInterest.Amount); // no ordinary interest on overdue principal
        // closes 6–15 Apr: 10 days × (100000 + 193.33) = 1,001,933.30 × 0.06525 / 360 = 181.6004 → 181.60
        var payoff = line.PayoffOn(new LocalDate(2026, 4, 16));
        Assert.Equal(181.60m, payoff.PenaltyInterest.Amount);
        Assert.Equal(100_374.93m, payoff.Amount.Amount); // 181.60 + 193.33 + 100000
        Assert.Equal(11, line.DaysPastDueOn(new LocalDate(2026, 4, 16)));
        line.AssertRefusedUnchanged(ErrorCodes.DrawPastMaturity, () => line.Draw(1m));
        line.AssertRefusedUnchanged(ErrorCodes.RepaymentExceedsPayoff, () => line.Repay(100_374.94m));

        var allocation = line.Repay(100_374.93m);
        Assert.Equal((181.60m, 193.33m, 100_000m),
            (allocation.PenaltyInterest.Amount, allocation.OverdueInterest.Amount, allocation.OverduePrincipal.Amount));
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Equal(CreditLineStatus.Closed, line.Status);
        Assert.Equal(0, line.DaysPastDueOn(new LocalDate(2026, 4, 16)));
        line.AssertRefusedUnchanged(ErrorCodes.RepaymentLineClosed, () => line.Repay(0.01m));
        line.CloseThrough(new LocalDate(2026, 5, 31));
        Assert.Equal(Balances.Zero, line.Balances);
        line.AssertJournalMatches();
    }

    [Theory]
    [InlineData(0, Classification.Normal)]
    [InlineData(1, Classification.SpecialMention)]
    [InlineData(90, Classification.SpecialMention)]
    [InlineData(91, Classification.Substandard)]
    [InlineData(270, Classification.Substandard)]
    [InlineData(271, Classification.Doubtful)]
    [InlineData(360, Classification.Doubtful)]
    [InlineData(361, Classification.Loss)]
    public void ForDaysPastDue_Thresholds_MatchTheFiveClasses(int daysPastDue, Classification expected)
    {
        Assert.Equal(expected, ClassificationRules.ForDaysPastDue(daysPastDue));
    }

    [Fact]
    public void CloseDay_MaturityUnpaidForAYear_ClassifiesAtEachThreshold()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 3); // matures 5 Apr 2026, left unpaid
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 4, 4));

        // Each checkpoint: the class decided at the previous close holds for the date; DPD = date − 5 Apr 2026.
        var checkpoints = new (LocalDate Date, int DaysPastDue, Classification Class)[]
        {
            (new LocalDate(2026, 4, 6), 1, Classification.SpecialMention),
            (new LocalDate(2026, 7, 4), 90, Classification.SpecialMention), // 25 + 31 + 30 + 4
            (new LocalDate(2026, 7, 5), 91, Classification.Substandard),
            (new LocalDate(2026, 12, 31), 270, Classification.Substandard),
            (new LocalDate(2027, 1, 1), 271, Classification.Doubtful),
            (new LocalDate(2027, 3, 31), 360, Classification.Doubtful),
            (new LocalDate(2027, 4, 1), 361, Classification.Loss),
        };
        foreach (var (date, daysPastDue, expected) in checkpoints)
        {
            line.CloseThrough(date.PlusDays(-1));
            Assert.Equal(daysPastDue, line.DaysPastDueOn(date));
            Assert.Equal(expected, line.Classification);
        }
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_SubstandardCured_HoldsTheClassForSixMonthsAfterTheFirstCleanClose()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 24);
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 4, 20)); // no bill paid
        Assert.Equal(90, line.DaysPastDueOn(new LocalDate(2026, 4, 21))); // 21 Apr − 21 Jan
        Assert.Equal(Classification.SpecialMention, line.Classification);
        line.CloseDay(new LocalDate(2026, 4, 21), ProductSettings.Default);
        Assert.Equal(91, line.DaysPastDueOn(new LocalDate(2026, 4, 22)));
        Assert.Equal(Classification.Substandard, line.Classification);

        // 22 Apr: pay every overdue bill and the compound interest
        // bills: 193.33 + 374.58 (31 days) + 338.33 (28 days) + 374.58 (21 Mar–20 Apr, 31 days) = 1,280.82
        var quote = line.PayoffOn(new LocalDate(2026, 4, 22));
        Assert.Equal(1_280.82m, quote.OverdueInterest.Amount);
        line.Repay((quote.PenaltyInterest + quote.OverdueInterest).Amount);
        Assert.Equal(0, line.DaysPastDueOn(new LocalDate(2026, 4, 22))); // live, back to 0 at once
        Assert.Equal(Classification.Substandard, line.Classification);

        // C = 22 Apr (its close finds nothing overdue); the class holds until 22 Oct = C + 6 months
        line.CloseThroughPayingBills(new LocalDate(2026, 10, 20));
        Assert.Equal(Classification.Substandard, line.Classification); // for 21 Oct
        line.CloseThroughPayingBills(new LocalDate(2026, 10, 21));
        Assert.Equal(Classification.Normal, line.Classification); // for 22 Oct
        Assert.Null(line.HeldClassification);
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_OverdueAgainDuringHold_RestartsTheSixMonths()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 24);
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 4, 21));
        var quote = line.PayoffOn(new LocalDate(2026, 4, 22));
        line.Repay((quote.PenaltyInterest + quote.OverdueInterest).Amount);
        line.CloseThroughPayingBills(new LocalDate(2026, 6, 20));

        line.CloseDay(new LocalDate(2026, 6, 21), ProductSettings.Default); // the 20 Jun bill is missed for a day
        Assert.True(line.HasOverdue);
        Assert.Null(line.CuredSince);
        var again = line.PayoffOn(new LocalDate(2026, 6, 22));
        line.Repay((again.PenaltyInterest + again.OverdueInterest).Amount);
        line.CloseThroughPayingBills(new LocalDate(2026, 6, 22));
        Assert.Equal(new LocalDate(2026, 6, 22), line.CuredSince);

        line.CloseThroughPayingBills(new LocalDate(2026, 10, 21));
        Assert.Equal(Classification.Substandard, line.Classification); // the April cure was cancelled
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 20));
        Assert.Equal(Classification.Substandard, line.Classification); // for 21 Dec
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 21));
        Assert.Equal(Classification.Normal, line.Classification); // for 22 Dec = 22 Jun + 6 months
    }
}
