using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>Repayments of a subsidized line: payoff, part of the accrued interest, maturity, grace days.</summary>
public class SubsidyRepaymentTests
{
    // 100,000.00 at 4.35% drawn on 5 Jan 2026 in a 3.00% fixed programme; 20 Jan bills 193.33 of interest and
    // 133.33 of subsidy (16 days), so the borrower owes 60.00 (直接贴息).

    [Theory]
    [InlineData(SubsidyMode.LenderClaims, "41.25")]
    [InlineData(SubsidyMode.BorrowerRefund, "132.92")]
    public void Repay_PayoffMidPeriod_BillsAndEarnsTheSubsidyAtOnce(SubsidyMode mode, string accruedOwed)
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), mode);
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 1, 31), budget); // 20 Jan: 133.33 billed and earned on 21 Jan

        // 1 Feb: accrual through 31 Jan, 21–31 Jan = 11 days × 100000 = 1,100,000 积数
        //   interest × 0.0435 / 360 = 132.9167; subsidy × 0.03 / 360 = 91.6667
        //   直接贴息: the borrower owes 132.9167 − 91.6667 = 41.25; 先缴后补: 132.9167 → 132.92
        var payoff = line.PayoffOn(new LocalDate(2026, 2, 1));
        var owed = decimal.Parse(accruedOwed, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new Money(owed), payoff.AccruedInterest);
        Assert.Equal(new Money(100_000m + owed), payoff.Amount);

        var allocation = line.Repay(100_000m + owed, budget);

        Assert.Equal(new Money(owed), allocation.AccruedInterest);
        var period = line.BilledPeriod(new LocalDate(2026, 2, 1));
        Assert.Equal((new LocalDate(2026, 1, 21), new LocalDate(2026, 2, 1), 11, 1_100_000m, new Money(91.6666666666666667m),
            new Money(91.67m)), (period.PeriodStart, period.DueDate, period.Days, period.BaseDays, period.Unrounded, period.Amount));
        var earned = line.PendingSubsidyEvents.OfType<SubsidyEarned>().Single(e => e.PeriodId == period.Id);
        Assert.Equal((new LocalDate(2026, 2, 1), new Money(91.67m)), (earned.Date, earned.Amount));
        Assert.Empty(line.PendingSubsidies);
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Equal(Money.Zero, line.SubsidyAccrued);
        Assert.Equal(new Money(225.00m), program.Committed); // 133.33 + 91.67

        // Nothing is left to bill on 20 Feb: no interest bill and no second subsidy period.
        line.CloseThrough(new LocalDate(2026, 2, 20), budget);
        Assert.Empty(line.Bills);
        Assert.Equal(2, line.PendingSubsidyEvents.OfType<SubsidyBilled>().Count());
        line.AssertJournalMatches();
    }

    [Fact]
    public void Repay_PartOfTheAccruedInterest_LeavesTheSubsidyToBeBilledAtSettlement()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 9), budget);

        // 10 Feb: 21 Jan–9 Feb, 20 days × 100000 = 2,000,000 积数: interest 241.6667, subsidy 166.6667, net
        // 2,000,000 × (0.0435 − 0.03) / 360 = 75.00. The borrower pays the principal and 20.00 of the 75.00.
        Assert.Equal(new Money(100_075.00m), line.PayoffOn(new LocalDate(2026, 2, 10)).Amount);
        var allocation = line.Repay(100_020m, budget);
        Assert.Equal((new Money(100_000m), new Money(20m)), (allocation.Principal, allocation.AccruedInterest));
        Assert.Single(line.PendingSubsidyEvents.OfType<SubsidyBilled>()); // only January's: nothing billed by a part-payment
        Assert.Equal(new Money(55.00m), line.AccruedInterest);

        // 20 Feb: no principal since 10 Feb, so nothing more accrued. Interest 241.6667 − 20.00 paid = 221.6667 → 221.67;
        // subsidy 166.6667 → 166.67; the borrower is billed 221.67 − 166.67 = 55.00 (20.00 + 55.00 = the net 75.00).
        line.CloseThrough(new LocalDate(2026, 2, 20), budget);
        Assert.Equal(new Money(166.67m), line.BilledPeriod(new LocalDate(2026, 2, 20)).Amount);
        Assert.Equal(new Money(55.00m), line.BorrowerBilled(new LocalDate(2026, 2, 20)));
        line.Repay(55.00m, budget);
        Assert.Equal(new Money(166.67m), line.PendingSubsidyEvents.OfType<SubsidyEarned>().Last().Amount);
        Assert.Equal(new Money(300.00m), program.Committed); // 133.33 + 166.67
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_MaturityWithOnlyThePrincipalPaid_BillsTheInterestOverdueAndForfeitsTheLastPeriod()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m, termMonths: 3); // matures 5 Apr
        line.CloseThroughPayingBills(new LocalDate(2026, 4, 4), budget);

        line.Repay(100_000m, budget); // 5 Apr: the principal, not the accrued interest the payoff also asked for
        line.CloseThrough(new LocalDate(2026, 4, 5), budget);

        // 21 Mar–4 Apr: 15 days × 100000 = 1,500,000 积数 (5 Apr ends at 0): interest × 0.0435 / 360 = 181.25,
        // subsidy × 0.03 / 360 = 125.00; billed 181.25 − 125.00 = 56.25, due 5 Apr and overdue at its close,
        // so the 125.00 is forfeited and the borrower owes the whole 181.25.
        Assert.Equal(new Money(125.00m), line.BilledPeriod(new LocalDate(2026, 4, 5)).Amount);
        Assert.Equal(new Money(56.25m), line.BorrowerBilled(new LocalDate(2026, 4, 5)));
        Assert.Equal(new Money(125.00m), line.PendingSubsidyEvents.OfType<SubsidyForfeited>().Single().Amount);
        Assert.Equal(new Money(181.25m), line.OverdueInterest);
        Assert.Equal(CreditLineStatus.Matured, line.Status);
        // budget used: 133.33 + 258.33 (31 days) + 233.33 (28 days), the earned periods
        Assert.Equal(new Money(624.99m), program.Committed);
        line.AssertJournalMatches();
    }

    [Fact]
    public void CloseDay_BillPaidWithinGraceDays_IsEarnedAndUnpaidAfterThemIsForfeited()
    {
        var settings = new ProductSettings { GraceDays = 3 };
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        var onTime = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        var late = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        onTime.CloseThrough(new LocalDate(2026, 1, 22), budget, settings);
        late.CloseThrough(new LocalDate(2026, 1, 24), budget, settings);

        onTime.Repay(60.00m, budget); // 23 Jan: two days after the due date, inside the grace days
        // 24 Jan = 21 Jan + 3: the close turns the late line's bill overdue and forfeits its 133.33.
        Assert.Equal(new LocalDate(2026, 1, 23), onTime.PendingSubsidyEvents.OfType<SubsidyEarned>().Single().Date);
        Assert.Equal(new LocalDate(2026, 1, 24), late.PendingSubsidyEvents.OfType<SubsidyForfeited>().Single().Date);
        Assert.Equal(new Money(193.33m), late.OverdueInterest);

        // The grace days were not overdue, so the on-time line's February period has all 31 days:
        // 3,100,000 × 0.03 / 360 = 258.3333 → 258.33; billed 374.58 − 258.33 = 116.25.
        onTime.CloseThrough(new LocalDate(2026, 2, 20), budget, settings);
        Assert.Equal(31, onTime.BilledPeriod(new LocalDate(2026, 2, 20)).Days);
        Assert.Equal(new Money(116.25m), onTime.BorrowerBilled(new LocalDate(2026, 2, 20)));
    }
}

/// <summary>Whether a repayment needs the programme's budget: the question the posting asks before it locks the programme.</summary>
public class SubsidyBillingQuestionTests
{
    // As in SubsidyRepaymentTests: 100,000.00 at 4.35% from 5 Jan 2026, 3.00% fixed, 直接贴息; on 1 Feb the
    // 11 days since the 20 Jan bill have accrued 132.9167 of interest and 91.6667 of subsidy, so the
    // payoff quoted without the programme is 100,000.00 + (132.9167 − 91.6667) = 100,041.25.
    [Theory]
    [InlineData("100041.25", true)]
    [InlineData("100041.24", false)]
    [InlineData("1000.00", false)]
    public void MayBillSubsidyOnRepayment_SubsidyAccrued_OnlyFromThePayoffUp(string amount, bool bills)
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 1, 31), budget);

        Assert.Equal(new Money(91.6666666666666667m), line.SubsidyAccrued);
        Assert.Equal(bills, line.MayBillSubsidyOnRepayment(
            decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), new LocalDate(2026, 2, 1)));
    }

    [Fact]
    public void MayBillSubsidyOnRepayment_NoSubsidyAccrued_NeverEvenAtThePayoff()
    {
        // Drawn today, closed never: nothing accrued, the payoff is the 100,000.00 of principal.
        var line = Lines.Open(new LocalDate(2026, 1, 5), 100_000m, 0.0435m, 12);
        line.Draw(100_000m);

        Assert.Equal(new Money(100_000m), line.PayoffOn(new LocalDate(2026, 1, 5)).Amount);
        Assert.False(line.MayBillSubsidyOnRepayment(100_000m, new LocalDate(2026, 1, 5)));
    }
}
