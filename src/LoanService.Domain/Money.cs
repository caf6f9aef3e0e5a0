using System.Globalization;

namespace LoanService.Domain;

/// <summary>
/// An amount of CNY. It may hold more than two decimals while interest accrues (积数计息);
/// rounding to 分 happens only through <see cref="RoundToFen"/>, never implicitly.
/// </summary>
public readonly record struct Money(decimal Amount) : IComparable<Money>
{
    public static readonly Money Zero = new(0m);

    /// <summary>Whether <paramref name="amount"/> has at most 2 decimals (whole 分): the one test of it.</summary>
    public static bool IsInWholeFen(decimal amount) => decimal.Round(amount, 2) == amount;

    /// <summary>
    /// Yuan rounded to 分 (四舍五入) and written with exactly two decimals (<c>1234.50</c>, not <c>1234.5</c>):
    /// how amounts leave the service, accruals included.
    /// </summary>
    public static decimal ToDisplayYuan(decimal amount) => Decimals.WithScale(decimal.Round(amount, 2, MidpointRounding.AwayFromZero), 2);

    /// <summary><see cref="ToDisplayYuan(decimal)"/> of this amount.</summary>
    public decimal ToDisplayYuan() => ToDisplayYuan(Amount);

    /// <summary>Builds a posted amount: it must already be in whole 分.</summary>
    public static Money Fen(decimal amount) =>
        IsInWholeFen(amount)
            ? new Money(amount)
            : throw new DomainException(ErrorCodes.AmountTooManyDecimals,
                $"Amount {amount.ToString(CultureInfo.InvariantCulture)} has more than 2 decimals.");

    /// <summary>Rounds to 分, half away from zero (四舍五入).</summary>
    public Money RoundToFen() => new(decimal.Round(Amount, 2, MidpointRounding.AwayFromZero));

    public bool IsZero => Amount == 0m;
    public bool IsPositive => Amount > 0m;
    public bool IsNegative => Amount < 0m;
    public bool IsWholeFen => IsInWholeFen(Amount);

    public static Money Min(Money a, Money b) => a.Amount <= b.Amount ? a : b;
    public static Money Max(Money a, Money b) => a.Amount >= b.Amount ? a : b;

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);
    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount);
    public static Money operator -(Money a) => new(-a.Amount);
    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;
    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;
    public static bool operator <=(Money a, Money b) => a.Amount <= b.Amount;
    public static bool operator >=(Money a, Money b) => a.Amount >= b.Amount;

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    /// <summary>Yuan with exactly two decimals, as SMS texts and CSV files show it.</summary>
    public string ToYuanString() => RoundToFen().Amount.ToString("0.00", CultureInfo.InvariantCulture);

    public override string ToString() => $"CNY {Amount.ToString(CultureInfo.InvariantCulture)}";
}

public static class MoneyEnumerable
{
    /// <summary>The exact sum of <paramref name="amounts"/> (nothing rounded).</summary>
    public static Money Sum(this IEnumerable<Money> amounts)
    {
        var sum = Money.Zero;
        foreach (var amount in amounts) sum += amount;
        return sum;
    }

    public static Money Sum<T>(this IEnumerable<T> items, Func<T, Money> amount) => items.Select(amount).Sum();
}
