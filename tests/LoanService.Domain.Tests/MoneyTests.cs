namespace LoanService.Domain.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("2.345", "2.35")]
    [InlineData("2.344999", "2.34")]
    [InlineData("193.3333333333333333", "193.33")]
    [InlineData("0.0049999999999999", "0.00")]
    public void RoundToFen_Midpoints_RoundHalfAwayFromZero(string amount, string expected)
    {
        // decimal literals cannot be InlineData arguments, so they travel as invariant strings.
        var rounded = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).RoundToFen();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded.Amount);
    }

    [Fact]
    public void Fen_ThreeDecimals_IsRefusedWithTooManyDecimals()
    {
        var refused = Assert.Throws<DomainException>(() => Money.Fen(1.005m));

        Assert.Equal(ErrorCodes.AmountTooManyDecimals, refused.Code);
    }

    [Fact]
    public void Fen_TwoDecimals_KeepsTheAmount()
    {
        Assert.Equal(1234.56m, Money.Fen(1234.56m).Amount);
    }

    [Fact]
    public void ToYuanString_SubFenAmount_ShowsTwoDecimalsRounded()
    {
        Assert.Equal("193.33", new Money(193.3333333333333333m).ToYuanString());
        Assert.Equal("0.01", new Money(0.005m).ToYuanString());
        Assert.Equal("100000.00", new Money(100_000m).ToYuanString());
    }

    [Fact]
    public void AnnualRate_OutOfRangeOrTooFine_IsRefused()
    {
        Assert.Equal(ErrorCodes.RateOutOfRange, Assert.Throws<DomainException>(() => new AnnualRate(0m)).Code);
        Assert.Equal(ErrorCodes.RateOutOfRange, Assert.Throws<DomainException>(() => new AnnualRate(0.2400001m)).Code);
        Assert.Equal(ErrorCodes.RateOutOfRange, Assert.Throws<DomainException>(() => new AnnualRate(0.0435001m)).Code);
        Assert.Equal(0.24m, new AnnualRate(0.24m).Value);
        Assert.Equal(0.043125m, new AnnualRate(0.043125m).Value);
    }

    [Fact]
    public void AccrualInterest_OneDayOfOneHundredThousand_IsExactQuotientBy360()
    {
        // 100000 × 0.0435 / 360 = 12.0833333333333333… kept to 16 decimals.
        Assert.Equal(12.0833333333333333m, Accrual.Interest(100_000m, 0.0435m).Amount);
    }
}

/// <summary>Decimals written to 分, and the scale amounts and rates leave the service with.</summary>
public class DisplayScaleTests
{
    [Theory]
    [InlineData("5", "5.00")]
    [InlineData("1234.5", "1234.50")]
    [InlineData("193.3333333333333333", "193.33")]
    [InlineData("0.005", "0.01")]
    [InlineData("12.0833333333333333", "12.08")]
    [InlineData("-0.005", "-0.01")]
    public void ToDisplayYuan_AnyAmount_RoundsHalfAwayAndWritesTwoDecimals(string amount, string shown)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        // The text is what JSON carries: 1234.50, never 1234.5.
        Assert.Equal(shown, Money.ToDisplayYuan(value).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(shown, new Money(value).ToDisplayYuan().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("0.0300000000", "0.03")]
    [InlineData("0.0435", "0.0435")]
    [InlineData("5.00", "5")]
    public void Trimmed_TrailingZeros_AreDropped(string value, string shown) => Assert.Equal(shown,
        Decimals.Trimmed(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
            .ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void WithScale_MoreDecimalsThanAsked_IsRefused()
    {
        Assert.Equal("58.10", Decimals.WithScale(58.1m, 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decimals.WithScale(58.125m, 2));
    }

    [Theory]
    [InlineData("1234.56", true)]
    [InlineData("1234.5600", true)]
    [InlineData("1234.561", false)]
    public void IsInWholeFen_AtMostTwoDecimals(string amount, bool whole) =>
        Assert.Equal(whole, Money.IsInWholeFen(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
