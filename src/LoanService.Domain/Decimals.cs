namespace LoanService.Domain;

/// <summary>
/// The scale of a <c>decimal</c> (how many decimals it writes, trailing zeros included) is part of its
/// value as JSON and text show it: <c>0.03</c> read back from a <c>numeric(…,10)</c> column is
/// <c>0.0300000000</c>, and <c>5m</c> rounded to 2 places is still <c>5</c>. These set it on purpose,
/// in one place, instead of arithmetic tricks at each use.
/// </summary>
public static class Decimals
{
    /// <summary>The same value with no trailing zeros: <c>0.0300000000</c> → <c>0.03</c>, <c>5.00</c> → <c>5</c>.</summary>
    public static decimal Trimmed(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>
    /// The same value written with exactly <paramref name="places"/> decimals (<c>5</c> → <c>5.00</c>);
    /// <paramref name="value"/> must not have more.
    /// </summary>
    public static decimal WithScale(decimal value, int places)
    {
        if (decimal.Round(value, places) != value)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"has more than {places} decimals");
        // Rounding leaves at most `places` decimals; adding a zero of `places` decimals makes it exactly that.
        return decimal.Round(value, places) + Zero(places);
    }

    private static decimal Zero(int places) => new(0, 0, 0, false, (byte)places);
}
