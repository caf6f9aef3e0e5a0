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
}
