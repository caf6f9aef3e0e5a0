using System.Globalization;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>续贷: the subsidy enrolment and the accrued subsidy move to the new line with the balances (docs/rules.md §5).</summary>
public class SubsidyRenewalTests
{
    // The old line: 100,000.00 at 4.35%, 3 months from 5 Jan 2026 (matures 5 Apr), 3.00% fixed, 直接贴息, bills paid on time:
    // 20 Jan 133.33, 20 Feb 31 days 3,100,000 × 0.03 / 360 = 258.33, 20 Mar 28 days 2,800,000 × 0.03 / 360 = 233.33.
    // Renewed on 28 Mar with 21–27 Mar accrued: 7 days × 100000 = 700,000 积数
    //   interest 700,000 × 0.0435 / 360 = 84.5833…, subsidy 700,000 × 0.03 / 360 = 58.3333…, net 26.25.

    [Theory]
    // new rate 4.00%: subsidy rate min(3.00%, 4.00%) = 3.00%. New line 28 Mar–20 Apr, 24 days × 100000 = 2,400,000 积数:
    //   interest 2,400,000 × 0.04 / 360 = 266.6667 + 84.5833 carried = 351.25;
    //   subsidy 2,400,000 × 0.03 / 360 = 200.00 + 58.3333 carried = 258.3333 → 258.33; borrower 351.25 − 258.33 = 92.92
    [InlineData("0.04", "0.03", "258.3333333333333333", "258.33", "92.92")]
    // new rate 2.50%: the subsidy rate follows it down to 2.50% (a fixed rate is capped at the line's rate); the carried
    // 58.3333 at 3.00% is not priced again. Interest 2,400,000 × 0.025 / 360 = 166.6667 + 84.5833 = 251.25;
    //   subsidy 166.6667 + 58.3333 = 225.00; borrower 251.25 − 225.00 = 26.25
    [InlineData("0.025", "0.025", "225", "225.00", "26.25")]
    public void Renew_EnrolledLine_CarriesTheEnrolmentAndTheAccruedSubsidyToTheNewLine(string newRate, string subsidyRate,
        string unrounded, string subsidy, string borrower)
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m, termMonths: 3);
        line.CloseThroughPayingBills(new LocalDate(2026, 3, 27), budget);
        Assert.Equal(new Money(84.5833333333333333m), line.GrossAccruedInterest);
        Assert.Equal(new Money(58.3333333333333333m), line.SubsidyAccrued);
        Assert.Equal(new Money(26.25m), line.AccruedInterest);
        // budget used: 133.33 + 258.33 + 233.33 billed + 58.3333… accrued
        var committed = new Money(683.3233333333333333m);
        Assert.Equal(committed, program.Committed);

        // an enrolled line cannot be renewed without its programme
        Assert.Throws<InvalidOperationException>(() => line.Renew(Guid.NewGuid(), new Money(120_000m),
            new AnnualRate(Parse(newRate)), 12, new LocalDate(2026, 3, 28), ProductSettings.Default));
        Assert.Equal(CreditLineStatus.Active, line.Status);

        var renewed = line.Renew(Guid.NewGuid(), new Money(120_000m), new AnnualRate(Parse(newRate)), 12,
            new LocalDate(2026, 3, 28), ProductSettings.Default, program);

        Assert.Equal((program.Id, SubsidyMode.LenderClaims, Parse(subsidyRate), new Money(200_000m)),
            (renewed.SubsidyProgramId, renewed.SubsidyMode, renewed.SubsidyRate, renewed.SubsidyCap));
        Assert.Equal(new Money(58.3333333333333333m), renewed.SubsidyAccrued);
        Assert.Equal(new Money(84.5833333333333333m), renewed.GrossAccruedInterest);
        Assert.Equal(new Money(26.25m), renewed.AccruedInterest); // the borrower's accrued interest moves net, as it was
        Assert.Equal((7, new LocalDate(2026, 3, 21)), (renewed.SubsidyDays, renewed.SubsidyPeriodStart));
        Assert.Equal(Money.Zero, line.SubsidyAccrued);
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Equal(committed, program.Committed); // a move, not a new grant
        var movedOut = line.AccruedDays().Single(e => e.Date == new LocalDate(2026, 3, 28));
        var movedIn = renewed.AccruedDays().Single();
        Assert.Equal((Money.Zero, new Money(-58.3333333333333333m)), (movedOut.Base, movedOut.Amount));
        Assert.Equal((new LocalDate(2026, 3, 28), Money.Zero, new Money(58.3333333333333333m)),
            (movedIn.Date, movedIn.Base, movedIn.Amount));

        renewed.CloseThrough(new LocalDate(2026, 4, 20), budget);

        var period = renewed.BilledPeriod(new LocalDate(2026, 4, 20));
        // one period from the old line's first unbilled day: 7 + 24 = 31 days, 700,000 + 2,400,000 = 3,100,000 积数
        Assert.Equal(new SubsidyPeriod(period.Id, program.Id, renewed.Id, new LocalDate(2026, 3, 21), new LocalDate(2026, 4, 20),
            new LocalDate(2026, 4, 21), 31, 3_100_000m, Parse(subsidyRate), new Money(Parse(unrounded)), new Money(Parse(subsidy))),
            period);
        Assert.Equal(new Money(Parse(borrower)), renewed.BorrowerBilled(new LocalDate(2026, 4, 20)));
        Assert.Equal(new Money(624.99m + Parse(subsidy)), program.Committed); // 133.33 + 258.33 + 233.33 + this period
        renewed.Repay(Parse(borrower), budget);
        Assert.Equal(new Money(Parse(subsidy)), renewed.PendingSubsidyEvents.OfType<SubsidyEarned>().Single().Amount);
        line.AssertJournalMatches();
        renewed.AssertJournalMatches();
    }

    private static decimal Parse(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
