using System.Globalization;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>The three rate rules of docs/rules.md §6 and the principal cap.</summary>
public class SubsidyRateRuleTests
{
    // Every case: 100,000.00 at 4.35% drawn on 5 Jan 2026 and billed on 20 Jan: 16 days = 1,600,000 积数;
    // interest 1,600,000 × 0.0435 / 360 = 193.3333 → 193.33; subsidy 1,600,000 × subsidy rate / 360.

    [Theory]
    // fixed 3.00%: 1,600,000 × 0.03 / 360 = 133.3333 → 133.33; borrower 193.33 − 133.33 = 60.00
    [InlineData(SubsidyRateRuleKind.FixedRate, "0.03", "0.03", "133.33", "60.00")]
    // fixed 5.00% is capped at the line's 4.35%: the whole interest, 193.33; the borrower owes nothing
    [InlineData(SubsidyRateRuleKind.FixedRate, "0.05", "0.0435", "193.33", "0.00")]
    // half the interest: 0.0435 × 0.5 = 0.02175; 1,600,000 × 0.02175 / 360 = 96.6667 → 96.67; borrower 193.33 − 96.67 = 96.66
    [InlineData(SubsidyRateRuleKind.ShareOfInterest, "0.5", "0.02175", "96.67", "96.66")]
    // all of the interest
    [InlineData(SubsidyRateRuleKind.ShareOfInterest, "1", "0.0435", "193.33", "0.00")]
    // the borrower pays at most 2.15%: 0.0435 − 0.0215 = 0.022; 1,600,000 × 0.022 / 360 = 97.7778 → 97.78; borrower 95.55
    [InlineData(SubsidyRateRuleKind.BorrowerRateCeiling, "0.0215", "0.022", "97.78", "95.55")]
    public void CloseDay_EachRateRule_BillsTheSubsidyAtTheRuleRate(SubsidyRateRuleKind kind, string value, string rate,
        string subsidy, string borrower)
    {
        var program = Programs.Create(new SubsidyRateRule(kind, Parse(value)));
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        Assert.Equal(Parse(rate), line.SubsidyRate);

        line.CloseThrough(new LocalDate(2026, 1, 20), budget);

        var period = line.BilledPeriod(new LocalDate(2026, 1, 20));
        Assert.Equal(new Money(Parse(subsidy)), period.Amount);
        Assert.Equal(Parse(rate), period.AnnualRate);
        Assert.Equal(new Money(Parse(borrower)), line.BorrowerBilled(new LocalDate(2026, 1, 20)));
        Assert.Equal(new Money(Parse(borrower)), line.BilledInterest);
        if (Parse(borrower) == 0m)
        {
            // nothing for the borrower to pay: no bill, and the subsidy is earned at the billing close
            Assert.Empty(line.Bills);
            Assert.Equal(new LocalDate(2026, 1, 20), line.PendingSubsidyEvents.OfType<SubsidyEarned>().Single().Date);
        }
        else
        {
            Assert.Empty(line.PendingSubsidyEvents.OfType<SubsidyEarned>());
            line.Repay(Parse(borrower), budget);
            Assert.Equal(new LocalDate(2026, 1, 21), line.PendingSubsidyEvents.OfType<SubsidyEarned>().Single().Date);
        }
        Assert.Equal(new Money(Parse(subsidy)), program.Committed);
        line.AssertJournalMatches();
    }

    [Theory]
    [InlineData("0.0435")] // the ceiling is the line's rate: the borrower already pays no more than it
    [InlineData("0.05")] // above the line's rate
    public void CloseDay_BorrowerRateCeilingAtOrAboveTheLineRate_SubsidizesNothing(string ceiling)
    {
        var program = Programs.Create(Programs.BorrowerRateCeiling(Parse(ceiling)));
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        Assert.Equal(0m, line.SubsidyRate); // max(0, 0.0435 − ceiling)

        line.CloseThrough(new LocalDate(2026, 1, 14), budget);
        Assert.Equal(line.GrossAccruedInterest, line.AccruedInterest);
        line.CloseThrough(new LocalDate(2026, 1, 20), budget);

        Assert.Equal(new Money(193.33m), line.BilledInterest);
        Assert.Empty(line.PendingSubsidyEvents);
        Assert.Equal(0, line.SubsidyDays);
        Assert.Equal(Money.Zero, program.Committed);
    }

    [Fact]
    public void CloseDay_PrincipalAboveTheCap_SubsidizesTheCapOnly()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), principalCap: 60_000m);
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        Assert.Equal(new Money(60_000m), line.SubsidyCap);

        // 5–11 Jan: 7 days on min(100000, 60000) = 420,000 积数 × 0.03 / 360 = 35.00
        line.CloseThrough(new LocalDate(2026, 1, 11), budget);
        Assert.Equal(420_000m, line.SubsidyBaseDays);
        Assert.Equal(new Money(35.00m), line.SubsidyAccrued);
        Assert.All(line.AccruedDays(), e => Assert.Equal(new Money(60_000m), e.Base));

        line.Repay(50_000m, budget); // 12 Jan: 50000 left, below the cap
        line.CloseThrough(new LocalDate(2026, 1, 20), budget);

        // 12–20 Jan: 9 days × 50000 = 450,000; subsidy (420,000 + 450,000) × 0.03 / 360 = 870,000 × 0.03 / 360 = 72.50
        // interest (7 × 100000 + 9 × 50000) = 1,150,000 × 0.0435 / 360 = 138.9583 → 138.96; borrower 138.96 − 72.50 = 66.46
        var period = line.BilledPeriod(new LocalDate(2026, 1, 20));
        Assert.Equal((16, 870_000m, new Money(72.50m)), (period.Days, period.BaseDays, period.Amount));
        Assert.Equal(new Money(54_375.00m), period.AveragePrincipal); // 870,000 / 16
        Assert.Equal(new Money(66.46m), line.BorrowerBilled(new LocalDate(2026, 1, 20)));
        Assert.Equal(new Money(50_000m), line.AccruedDays().Single(e => e.Date == new LocalDate(2026, 1, 12)).Base);
    }

    [Fact]
    public void Create_NoPrincipalCap_UsesTheDefault200000()
    {
        Assert.Equal(new Money(200_000m), Programs.Create(Programs.FixedRate(0.03m)).PrincipalCap);
    }

    [Theory]
    [InlineData(SubsidyRateRuleKind.FixedRate, "0")]
    [InlineData(SubsidyRateRuleKind.FixedRate, "0.2400001")] // above 24% and 7 decimals
    [InlineData(SubsidyRateRuleKind.FixedRate, "0.0300001")] // 7 decimals
    [InlineData(SubsidyRateRuleKind.ShareOfInterest, "0")]
    [InlineData(SubsidyRateRuleKind.ShareOfInterest, "1.01")]
    [InlineData(SubsidyRateRuleKind.ShareOfInterest, "0.33333")] // 5 decimals
    [InlineData(SubsidyRateRuleKind.BorrowerRateCeiling, "-0.01")]
    [InlineData(SubsidyRateRuleKind.BorrowerRateCeiling, "0.24")]
    public void Create_RateRuleOutOfRange_IsRefused(SubsidyRateRuleKind kind, string value)
    {
        var refused = Assert.Throws<DomainException>(() => Programs.Create(new SubsidyRateRule(kind, Parse(value))));

        Assert.Equal(ErrorCodes.SubsidyRateRuleInvalid, refused.Code);
        Assert.Equal(RefusalKind.Invalid, refused.Kind);
    }

    private static decimal Parse(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
