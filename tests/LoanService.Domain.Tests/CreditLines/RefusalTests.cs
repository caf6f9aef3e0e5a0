using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>Every refusal carries its stable code and leaves the line as it was.</summary>
public class RefusalTests
{
    [Theory]
    [InlineData("0", ErrorCodes.AmountNotPositive)]
    [InlineData("-1", ErrorCodes.AmountNotPositive)]
    [InlineData("0.001", ErrorCodes.AmountTooManyDecimals)]
    [InlineData("1000000000.01", ErrorCodes.AmountTooLarge)]
    [InlineData("100000.01", ErrorCodes.DrawExceedsAvailable)]
    public void Draw_BadAmount_IsRefusedWithItsCode(string amount, string code)
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));

        line.AssertRefusedUnchanged(code, () => line.Draw(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Draw_BeyondAvailableAfterEarlierDraws_IsRefusedButTheRestFits()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(60_000m);
        line.CloseThrough(new LocalDate(2026, 1, 9));

        line.AssertRefusedUnchanged(ErrorCodes.DrawExceedsAvailable, () => line.Draw(40_000.01m)); // 100000 − 60000 = 40000
        line.Draw(40_000m);
        Assert.Equal(0m, line.AvailableOn(line.Today()).Amount);
    }

    [Fact]
    public void Draw_FrozenLine_IsRefusedUntilUnfrozen()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Freeze();

        line.AssertRefusedUnchanged(ErrorCodes.DrawLineFrozen, () => line.Draw(1_000m));
        Assert.Equal(ErrorCodes.LineNotActive, Assert.Throws<DomainException>(line.Freeze).Code);
        line.Unfreeze();
        Assert.Equal(ErrorCodes.LineNotFrozen, Assert.Throws<DomainException>(line.Unfreeze).Code);
        line.Draw(1_000m);
        Assert.Equal(1_000m, line.Principal.Amount);
    }

    [Fact]
    public void Operations_OnAnotherDateThanTheOpenDay_AreRefusedWithBusinessDateMismatch()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(10_000m);
        line.CloseThrough(new LocalDate(2026, 1, 9)); // open day: 10 Jan

        line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () => line.Draw(Guid.NewGuid(), 1m, new LocalDate(2026, 1, 9)));
        line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () => line.Draw(Guid.NewGuid(), 1m, new LocalDate(2026, 1, 11)));
        line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () => line.Repay(Guid.NewGuid(), 1m, new LocalDate(2026, 1, 11)));
        line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () => line.Extend(new LocalDate(2027, 2, 5), new LocalDate(2026, 1, 9)));
        line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () =>
            line.Renew(Guid.NewGuid(), new Money(100_000m), new AnnualRate(0.0435m), 12, new LocalDate(2026, 1, 11), ProductSettings.Default));
    }

    [Fact]
    public void CloseDay_SameDayTwiceOrSkippingADay_IsRefused()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(10_000m);
        line.CloseDay(new LocalDate(2026, 1, 5), ProductSettings.Default);

        line.AssertRefusedUnchanged(ErrorCodes.CloseAlreadyClosed, () => line.CloseDay(new LocalDate(2026, 1, 5), ProductSettings.Default));
        line.AssertRefusedUnchanged(ErrorCodes.CloseAlreadyClosed, () => line.CloseDay(new LocalDate(2026, 1, 4), ProductSettings.Default));
        line.AssertRefusedUnchanged(ErrorCodes.CloseOutOfOrder, () => line.CloseDay(new LocalDate(2026, 1, 7), ProductSettings.Default));
    }

    [Fact]
    public void Repay_MoreThanPayoff_IsRefusedAndNothingPosted()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 14));
        // payoff on 15 Jan: 100000 + 10 days × 12.0833 = 120.8333 → 120.83

        line.AssertRefusedUnchanged(ErrorCodes.RepaymentExceedsPayoff, () => line.Repay(100_120.84m));
        line.AssertRefusedUnchanged(ErrorCodes.AmountTooManyDecimals, () => line.Repay(0.005m));
        line.Repay(100_120.83m);
        Assert.Equal(Balances.Zero, line.Balances);
    }

    [Fact]
    public void Repay_OnLineNeverDrawn_IsRefusedAsExceedingTheZeroPayoff()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));

        line.AssertRefusedUnchanged(ErrorCodes.RepaymentExceedsPayoff, () => line.Repay(0.01m));
    }

    [Theory]
    [InlineData("49999.99", 12, ErrorCodes.LimitOutOfRange)]
    [InlineData("200000.01", 12, ErrorCodes.LimitOutOfRange)]
    [InlineData("100000.001", 12, ErrorCodes.LimitOutOfRange)]
    [InlineData("100000", 0, ErrorCodes.TermOutOfRange)]
    [InlineData("100000", 61, ErrorCodes.TermOutOfRange)]
    public void Open_OutOfRange_IsRefused(string limit, int termMonths, string code)
    {
        var refused = Assert.Throws<DomainException>(() =>
            Lines.Open(new LocalDate(2026, 1, 5), decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), termMonths: termMonths));

        Assert.Equal(code, refused.Code);
        Assert.Equal(RefusalKind.Invalid, refused.Kind);
    }

    [Fact]
    public void Open_BoundaryLimitsAndTerms_AreAccepted()
    {
        Assert.Equal(50_000m, Lines.Open(new LocalDate(2026, 1, 5), 50_000m, termMonths: 1).Limit.Amount);
        Assert.Equal(200_000m, Lines.Open(new LocalDate(2026, 1, 5), 200_000m, termMonths: 60).Limit.Amount);
    }

    [Theory]
    [InlineData(29, 0, "0.5", 30)]
    [InlineData(0, 0, "0.5", 30)]
    [InlineData(20, -1, "0.5", 30)]
    [InlineData(20, 31, "0.5", 30)]
    [InlineData(20, 0, "0.29", 30)]
    [InlineData(20, 0, "0.51", 30)]
    [InlineData(20, 0, "0.33333", 30)]
    [InlineData(20, 0, "0.5", 181)]
    public void Validate_SettingsOutsideRules_AreRefused(int settlementDay, int graceDays, string markup, int renewalWindowDays)
    {
        var settings = new ProductSettings
        {
            SettlementDay = settlementDay,
            GraceDays = graceDays,
            PenaltyMarkup = decimal.Parse(markup, System.Globalization.CultureInfo.InvariantCulture),
            RenewalWindowDays = renewalWindowDays,
        };

        Assert.Equal(ErrorCodes.SettingsInvalid, Assert.Throws<DomainException>(settings.Validate).Code);
    }

    [Fact]
    public void Open_PenaltyMarkup_FixesThePenaltyRate()
    {
        // 0.0435 × (1 + 0.3) = 0.05655; the default 50% gives 0.06525
        Assert.Equal(0.05655m, Lines.Open(new LocalDate(2026, 1, 5), settings: new ProductSettings { PenaltyMarkup = 0.3m }).PenaltyRate);
        Assert.Equal(0.06525m, Lines.Open(new LocalDate(2026, 1, 5)).PenaltyRate);
    }
}
