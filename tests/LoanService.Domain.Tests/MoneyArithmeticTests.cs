namespace LoanService.Domain.Tests;

/// <summary>
/// <see cref="Money"/>'s sums, differences, negation and signs take shortcuts on zeros and equal figures: each must
/// give exactly what decimal arithmetic gives, bit for bit (the value, the scale and the sign, which the journal
/// keeps and the fingerprints of the close check).
/// </summary>
public class MoneyArithmeticTests
{
    // Zeros of every kind the arithmetic makes (no scale, decimals, a sign), and amounts of the close's scales.
    private static readonly decimal[] Edges =
    [
        0m, 0.00m, -0.00m, new(0, 0, 0, true, 0), new(0, 0, 0, false, 16), new(0, 0, 0, true, 16), new(0, 0, 0, false, 4),
        0.01m, -0.01m, 1.5m, -1.5m, 100_000.00m, 193.3333333333333333m, -193.3333333333333333m, 0.0000000000000001m,
        1.0288884375m, 12m, -12m, decimal.MaxValue, decimal.MinValue, new(-1, -1, -1, false, 28), new(0, 0, 0, true, 28),
        new(1, 0, 0, false, 28),
    ];

    public static TheoryData<int> Seeds() => [1, 2, 3];

    [Fact]
    public void EveryPairOfEdges_GivesDecimalsOwnResults()
    {
        foreach (var a in Edges)
        foreach (var b in Edges)
            AssertSameAsDecimal(a, b);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomAmounts_GiveDecimalsOwnResults(int seed)
    {
        var random = new Random(seed);
        int Word() => random.Next(int.MinValue, int.MaxValue);
        decimal Next()
        {
            // A quarter of them zeros; the others 32, 64 or the full 96 bits; any sign and any scale, 0–28.
            var kind = random.Next(4);
            return new decimal(kind == 0 ? 0 : Word(), kind >= 2 ? Word() : 0, kind == 3 ? Word() : 0,
                random.Next(2) == 0, (byte)random.Next(0, 29));
        }
        for (var i = 0; i < 200_000; i++)
        {
            var a = Next();
            var b = random.Next(4) == 0 ? a : Next(); // equal figures a quarter of the time
            AssertSameAsDecimal(a, b);
        }
    }

    private static void AssertSameAsDecimal(decimal a, decimal b)
    {
        var (x, y) = (new Money(a), new Money(b));
        AssertSame(() => a + b, () => (x + y).Amount, $"{Show(a)} + {Show(b)}");
        AssertSame(() => a - b, () => (x - y).Amount, $"{Show(a)} − {Show(b)}");
        AssertBits(-a, (-x).Amount, $"−{Show(a)}");
        Assert.True((a == 0m) == x.IsZero, $"IsZero of {Show(a)}");
        Assert.True((a > 0m) == x.IsPositive, $"IsPositive of {Show(a)}");
        Assert.True((a < 0m) == x.IsNegative, $"IsNegative of {Show(a)}");
    }

    /// <summary>The same bits, or the same overflow (decimal.MaxValue + decimal.MaxValue).</summary>
    private static void AssertSame(Func<decimal> byDecimal, Func<decimal> byMoney, string what)
    {
        decimal expected;
        try
        {
            expected = byDecimal();
        }
        catch (OverflowException)
        {
            Assert.Throws<OverflowException>(() => byMoney());
            return;
        }
        AssertBits(expected, byMoney(), what);
    }

    private static void AssertBits(decimal expected, decimal actual, string what)
    {
        if (!decimal.GetBits(expected).SequenceEqual(decimal.GetBits(actual)))
            Assert.Fail($"{what}: decimal gives {Show(expected)}, Money {Show(actual)}");
    }

    private static string Show(decimal d) =>
        $"{d.ToString(System.Globalization.CultureInfo.InvariantCulture)} [{string.Join(',', decimal.GetBits(d).Select(v => v.ToString("x")))}]";
}
