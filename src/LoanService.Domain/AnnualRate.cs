using System.Globalization;

namespace LoanService.Domain;

/// <summary>
/// A contract's annual interest rate as a fraction (0.0435 = 4.35%), stored exactly.
/// 0 &lt; rate ≤ 24%, at most 6 decimals (0.043125 = 4.3125% is the finest a contract states).
/// The daily rate is rate ÷ 360 (docs/rules.md §4).
/// </summary>
public readonly record struct AnnualRate
{
    public const decimal Maximum = 0.24m;

    public AnnualRate(decimal value)
    {
        if (value <= 0m || value > Maximum)
            throw new DomainException(ErrorCodes.RateOutOfRange,
                $"Annual rate {value.ToString(CultureInfo.InvariantCulture)} must be above 0 and at most 0.24 (24%).",
                RefusalKind.Invalid) { Field = "annualRate" };
        if (decimal.Round(value, 6) != value)
            throw new DomainException(ErrorCodes.RateOutOfRange,
                $"Annual rate {value.ToString(CultureInfo.InvariantCulture)} has more than 6 decimals.",
                RefusalKind.Invalid) { Field = "annualRate" };
        Value = value;
    }

    public decimal Value { get; }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
