using LoanService.Domain.CreditLines;

namespace LoanService.Domain;

public enum SettlementFrequency
{
    /// <summary>按月结息: the settlement day of every month.</summary>
    Monthly,
    /// <summary>按季结息: the settlement day of March, June, September and December.</summary>
    Quarterly,
}

/// <summary>
/// The product's configurable rules (docs/rules.md); <see cref="Default"/> holds their defaults.
/// One value, passed to every operation that needs it.
/// </summary>
public sealed record ProductSettings
{
    public static readonly ProductSettings Default = new();

    public SettlementFrequency Frequency { get; init; } = SettlementFrequency.Monthly;

    /// <summary>Day of month whose close bills the interest (结息日); the interest is due the next day.</summary>
    public int SettlementDay { get; init; } = 20;

    /// <summary>Days after a bill's due date before it turns overdue at that day's close.</summary>
    public int GraceDays { get; init; }

    /// <summary>Penalty and compound rate = contract rate × (1 + markup); 0.30 ≤ markup ≤ 0.50.</summary>
    public decimal PenaltyMarkup { get; init; } = 0.5m;

    /// <summary>A renewal may be asked for from this many days before maturity to the maturity date.</summary>
    public int RenewalWindowDays { get; init; } = 30;

    /// <summary>The least classification an extended line can have.</summary>
    public Classification ExtendedClassificationFloor { get; init; } = Classification.SpecialMention;

    /// <summary>Throws when a setting is outside what docs/rules.md allows.</summary>
    public ProductSettings Validate()
    {
        Require(SettlementDay is >= 1 and <= 28, "settlementDay must be 1–28 so that every month has it.");
        Require(GraceDays is >= 0 and <= 30, "graceDays must be 0–30.");
        Require(PenaltyMarkup is >= 0.3m and <= 0.5m && decimal.Round(PenaltyMarkup, 4) == PenaltyMarkup,
            "penaltyMarkup must be 0.30–0.50 with at most 4 decimals (银发〔2003〕251号).");
        Require(RenewalWindowDays is >= 0 and <= 180, "renewalWindowDays must be 0–180.");
        return this;
    }

    public bool IsSettlementDay(NodaTime.LocalDate date) =>
        date.Day == SettlementDay && (Frequency == SettlementFrequency.Monthly || date.Month % 3 == 0);

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new DomainException(ErrorCodes.SettingsInvalid, message, RefusalKind.Invalid);
    }
}
