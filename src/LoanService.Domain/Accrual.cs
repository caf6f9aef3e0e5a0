namespace LoanService.Domain;

/// <summary>
/// Interest accrues from 积数 (the sum of end-of-day balances), so an accrued amount is an exact
/// quotient by 360. It is kept to <see cref="Decimals"/> places: rates have at most 6 decimals and
/// markups at most 4, so every accrued figure is a multiple of 1/(360·10¹²) yuan and keeping 16
/// places never moves it across a 分 rounding boundary, while sums of journal deltas stay exact.
/// </summary>
public static class Accrual
{
    public const int Decimals = 16;

    /// <summary>积数 × annual rate ÷ 360, kept to <see cref="Decimals"/> places.</summary>
    public static Money Interest(decimal balanceDays, decimal annualRate) =>
        balanceDays == 0m
            ? Money.Zero // most lines owe no penalty: skip the division, the close's hottest operation
            : new(decimal.Round(balanceDays * annualRate / 360m, Decimals, MidpointRounding.AwayFromZero));

    public static Money Keep(decimal amount) =>
        new(decimal.Round(amount, Decimals, MidpointRounding.AwayFromZero));

    // Kept to 16 places, an accrued figure is only within 10⁻¹⁶ of the exact multiple of 1/(360·10¹²) it
    // stands for, so plain sums of them drift: three lines accruing 0.8333…, 0.8333… and 0.8383… sum to
    // 2.5049999999999999, which rounds to 2.50, where the exact 2.505 is 2.51. Counting in whole units of
    // 1/(360·10¹²) yuan first makes every sum exact; 10¹² yuan of them still fit in a decimal.
    private const decimal UnitsPerYuan = 360_000_000_000_000m;

    private static decimal Units(Money accrued) =>
        decimal.Round(accrued.Amount * UnitsPerYuan, 0, MidpointRounding.AwayFromZero);

    private static Money FromUnits(decimal units) => Keep(units / UnitsPerYuan);

    /// <summary>The exact sum of two accrued figures (or whole-分 amounts), kept to <see cref="Decimals"/> places.</summary>
    public static Money Add(Money a, Money b) => FromUnits(Units(a) + Units(b));

    /// <summary>The exact difference of two accrued figures, kept to <see cref="Decimals"/> places.</summary>
    public static Money Subtract(Money a, Money b) => FromUnits(Units(a) - Units(b));

    /// <summary>The exact sum of accrued figures, kept to <see cref="Decimals"/> places: round it to 分 once, after.</summary>
    public static Money Sum(IEnumerable<Money> accrued)
    {
        var units = 0m;
        foreach (var amount in accrued) units += Units(amount);
        return FromUnits(units);
    }

    public static Money Sum<T>(IEnumerable<T> items, Func<T, Money> accrued) => Sum(items.Select(accrued));

    /// <summary>
    /// <paramref name="part"/> ÷ <paramref name="whole"/> of <paramref name="accrued"/>, exactly: for the days of a
    /// quiet span, each of which accrued the same (so the share is a whole number of units).
    /// </summary>
    public static Money Share(Money accrued, int part, int whole)
    {
        var units = Units(accrued) * part;
        if (units % whole != 0)
            throw new ArgumentException($"{accrued.Amount} does not divide into {whole} equal days.", nameof(accrued));
        return FromUnits(units / whole);
    }
}
