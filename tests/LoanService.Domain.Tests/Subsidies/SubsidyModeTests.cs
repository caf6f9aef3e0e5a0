using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>直接贴息 and 先缴后补 side by side on identical lines: the same subsidy, different borrower bills.</summary>
public class SubsidyModeTests
{
    // Both lines: 80,000.00 drawn on 5 Jan 2026 at 4.35%; both programmes pay 50% of the interest: 0.0435 × 0.5 = 0.02175.
    // A day: interest 80000 × 0.0435 / 360 = 9.6666…, subsidy 80000 × 0.02175 / 360 = 4.8333…

    [Fact]
    public void CloseDay_SameLinesInBothModes_SubsidyIsTheSameAndOnlyTheDirectModeNetsItFromTheBorrowersBill()
    {
        var direct = Programs.Create(Programs.ShareOfInterest(0.5m), SubsidyMode.LenderClaims);
        var refund = Programs.Create(Programs.ShareOfInterest(0.5m), SubsidyMode.BorrowerRefund);
        var budget = new SubsidyBudget([direct, refund]);
        var netted = Programs.OpenEnrolled(direct, new LocalDate(2026, 1, 5), 80_000m);
        var gross = Programs.OpenEnrolled(refund, new LocalDate(2026, 1, 5), 80_000m);
        Assert.Equal((0.02175m, 0.02175m), (netted.SubsidyRate, gross.SubsidyRate));

        // 5–14 Jan: 10 days × 80000 = 800,000 积数: interest 800,000 × 0.0435 / 360 = 96.6666…, subsidy × 0.02175 / 360 = 48.3333…
        netted.CloseThrough(new LocalDate(2026, 1, 14), budget);
        gross.CloseThrough(new LocalDate(2026, 1, 14), budget);
        Assert.Equal(new Money(96.6666666666666667m), netted.GrossAccruedInterest);
        Assert.Equal(new Money(96.6666666666666667m), gross.GrossAccruedInterest);
        Assert.Equal(new Money(48.3333333333333333m), netted.SubsidyAccrued);
        Assert.Equal(new Money(48.3333333333333333m), gross.SubsidyAccrued);
        // The borrower's accrued interest: net in 直接贴息 (96.6666666666666667 − 48.3333333333333333), gross in 先缴后补.
        Assert.Equal(new Money(48.3333333333333334m), netted.AccruedInterest);
        Assert.Equal(new Money(48.3333333333333334m), netted.Balances.AccruedInterest);
        Assert.Equal(new Money(96.6666666666666667m), gross.AccruedInterest);
        // What the borrower owes is what a settlement today would bill: round(96.67) − round(48.33) = 48.34.
        Assert.Equal(new Money(48.34m), netted.PayoffOn(new LocalDate(2026, 1, 15)).AccruedInterest);
        Assert.Equal(new Money(96.67m), gross.PayoffOn(new LocalDate(2026, 1, 15)).AccruedInterest);

        // 20 Jan, 16 days: 1,280,000 积数 → interest 154.6667 → 154.67; subsidy 1,280,000 × 0.02175 / 360 = 77.3333 → 77.33.
        // 直接贴息 bills 154.67 − 77.33 = 77.34 (not round(77.3333) = 77.33: each side is rounded once); 先缴后补 bills 154.67.
        netted.CloseThrough(new LocalDate(2026, 1, 20), budget);
        gross.CloseThrough(new LocalDate(2026, 1, 20), budget);
        Assert.Equal(new Money(77.33m), netted.BilledPeriod(new LocalDate(2026, 1, 20)).Amount);
        Assert.Equal(new Money(77.33m), gross.BilledPeriod(new LocalDate(2026, 1, 20)).Amount);
        Assert.Equal(new Money(77.34m), netted.BilledInterest);
        Assert.Equal(new Money(154.67m), gross.BilledInterest);
        Assert.Equal(new Money(77.34m), netted.BorrowerBilled(new LocalDate(2026, 1, 20)));
        Assert.Equal(new Money(154.67m), gross.BorrowerBilled(new LocalDate(2026, 1, 20)));

        netted.Repay(77.34m, budget); // 21 Jan
        gross.Repay(154.67m, budget);
        Assert.Equal(new Money(77.33m), netted.PendingSubsidyEvents.OfType<SubsidyEarned>().Single().Amount);
        Assert.Equal(new Money(77.33m), gross.PendingSubsidyEvents.OfType<SubsidyEarned>().Single().Amount); // refunded to the borrower

        // 20 Feb, 21 Jan–20 Feb 31 days: 2,480,000 积数 → interest 299.6667 → 299.67; subsidy 149.8333 → 149.83.
        netted.CloseThrough(new LocalDate(2026, 2, 20), budget);
        gross.CloseThrough(new LocalDate(2026, 2, 20), budget);
        Assert.Equal(new Money(149.84m), netted.BilledInterest); // 299.67 − 149.83
        Assert.Equal(new Money(299.67m), gross.BilledInterest);
        Assert.Equal(new Money(149.83m), netted.BilledPeriod(new LocalDate(2026, 2, 20)).Amount);
        Assert.Equal(new Money(149.83m), gross.BilledPeriod(new LocalDate(2026, 2, 20)).Amount);

        // Neither pays by 21 Feb: both periods are forfeited. Either way the borrower now owes the full 299.67;
        // only 直接贴息 had to add the subsidy to the overdue bill.
        netted.CloseThrough(new LocalDate(2026, 2, 21), budget);
        gross.CloseThrough(new LocalDate(2026, 2, 21), budget);
        Assert.Equal(new Money(299.67m), netted.OverdueInterest);
        Assert.Equal(new Money(299.67m), gross.OverdueInterest);
        Assert.Equal(new Money(149.83m), netted.PendingJournal.Single(e => e.Kind == JournalEntryKind.SubsidyForfeited).Amount);
        Assert.DoesNotContain(gross.PendingJournal, e => e.Kind == JournalEntryKind.SubsidyForfeited);
        Assert.Equal(new Money(149.83m), netted.PendingSubsidyEvents.OfType<SubsidyForfeited>().Single().Amount);
        Assert.Equal(new Money(149.83m), gross.PendingSubsidyEvents.OfType<SubsidyForfeited>().Single().Amount);
        // Budget used in each: 77.33 earned + 21 Feb's day (80000 × 0.02175 / 360 = 4.8333…, accrued before the
        // close turned the bill overdue); the forfeited 149.83 is back.
        Assert.Equal(new Money(82.1633333333333333m), direct.Committed);
        Assert.Equal(new Money(82.1633333333333333m), refund.Committed);
        netted.AssertJournalMatches();
        gross.AssertJournalMatches();
    }
}
