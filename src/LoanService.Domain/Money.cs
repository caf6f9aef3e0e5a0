using System.Globalization;
using System.Runtime.CompilerServices;

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

    // Read from the decimal's bits, not by comparing with 0m (a call into the runtime's comparison): the
    // close asks these of every balance of every line. A zero with its sign bit set is neither sign.
    public bool IsZero => BitConverter.IsLittleEndian ? IsZeroBits(Bits(Amount)) : Amount == 0m;
    public bool IsPositive => !decimal.IsNegative(Amount) && !IsZero;
    public bool IsNegative => decimal.IsNegative(Amount) && !IsZero;
    public bool IsWholeFen => IsInWholeFen(Amount);

    public static Money Min(Money a, Money b) => a.Amount <= b.Amount ? a : b;
    public static Money Max(Money a, Money b) => a.Amount >= b.Amount ? a : b;

    // The close adds and subtracts many zeros (nothing carried, nothing paid ahead, a sum's start) and many equal
    // figures (the balances an entry did not move). Those take their result from the bits, exactly as decimal
    // arithmetic gives it: a + 0 and a − 0 are a, 0 + b is b (a and b not zero), 0 − b is −b, a − a is zero with
    // a's scale and sign, a zero plus the same zero is that zero. "0" is 0m itself (no scale, no sign): zeros
    // with decimals otherwise go through decimal arithmetic, which has rules of its own for adding two zeros.
    // MoneyArithmeticTests holds these to decimal's own results, bit for bit.
    public static Money operator +(Money a, Money b)
    {
        if (!BitConverter.IsLittleEndian) return new(a.Amount + b.Amount); // the bits' layout below is little-endian's
        var (x, y) = (Bits(a.Amount), Bits(b.Amount));
        if (y == 0 && x > FlagsMask) return a;
        if (x == 0 && y > FlagsMask) return b;
        if (x == y && x <= FlagsMask) return a; // a zero and the same zero: what an entry's two changes did not move
        return new(a.Amount + b.Amount);
    }

    public static Money operator -(Money a, Money b)
    {
        if (!BitConverter.IsLittleEndian) return new(a.Amount - b.Amount);
        var (x, y) = (Bits(a.Amount), Bits(b.Amount));
        if (y == 0) return a;
        if (x == 0) return new(Unsafe.BitCast<UInt128, decimal>(y ^ SignBit));
        if (x == y) return new(Unsafe.BitCast<UInt128, decimal>(x & FlagsMask));
        return new(a.Amount - b.Amount);
    }

    /// <summary>
    /// A decimal's 128 bits on a little-endian machine (the only one the shortcuts run on; the JIT drops the test):
    /// its flags (scale and sign) in the low 32, its magnitude above them.
    /// </summary>
    private static UInt128 Bits(decimal amount) => Unsafe.BitCast<decimal, UInt128>(amount);

    private static bool IsZeroBits(UInt128 bits) => bits <= FlagsMask;

    private static readonly UInt128 FlagsMask = uint.MaxValue;
    private static readonly UInt128 SignBit = 0x8000_0000u;

    /// <summary>The amount with its sign bit flipped, as decimal negation gives it.</summary>
    public static Money operator -(Money a) =>
        BitConverter.IsLittleEndian ? new(Unsafe.BitCast<UInt128, decimal>(Bits(a.Amount) ^ SignBit)) : new(-a.Amount);
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
