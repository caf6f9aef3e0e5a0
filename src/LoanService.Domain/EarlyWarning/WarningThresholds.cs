namespace LoanService.Domain.EarlyWarning;

/// <summary>
/// The thresholds of the signals (docs/early-warning.md). Product defaults, overridable per subsidy
/// programme (<see cref="EarlyWarningSettings.Programs"/>): a county may want to hear of a maturity
/// sooner, or of lateness later.
/// </summary>
public sealed record WarningThresholds
{
    public static readonly WarningThresholds Default = new();

    /// <summary>Days past due at which <see cref="WarningKind.PastDue"/> arises: 1, the first day past due.</summary>
    public int PastDueDays { get; init; } = 1;

    /// <summary>Days past due at which <see cref="WarningKind.PastDue30"/> arises.</summary>
    public int SeriousPastDueDays { get; init; } = 30;

    /// <summary>Days past due at which <see cref="WarningKind.PastDue90"/> arises.</summary>
    public int CriticalPastDueDays { get; init; } = 90;

    /// <summary>A maturity this many days ahead or fewer (the maturity date itself included) raises <see cref="WarningKind.MaturityNear"/>.</summary>
    public int MaturityWindowDays { get; init; } = 30;

    /// <summary><see cref="WarningKind.LateBills"/>: this many late bills among the last <see cref="LateBillsOutOf"/>.</summary>
    public int LateBills { get; init; } = 2;

    public int LateBillsOutOf { get; init; } = 3;

    public WarningThresholds Validate()
    {
        if (PastDueDays < 1 || SeriousPastDueDays <= PastDueDays || CriticalPastDueDays <= SeriousPastDueDays
            || CriticalPastDueDays > 3650)
            throw Invalid("past-due thresholds must rise: 1 ≤ first < serious < critical ≤ 3650 days");
        if (MaturityWindowDays is < 0 or > 366)
            throw Invalid("the maturity window must be 0–366 days");
        if (LateBillsOutOf is < 1 or > BillRecord.DecidedKept || LateBills < 1 || LateBills > LateBillsOutOf)
            throw Invalid($"late bills must be 1 ≤ late ≤ out of ≤ {BillRecord.DecidedKept}");
        return this;
    }

    private static DomainException Invalid(string what) =>
        new(ErrorCodes.SettingsInvalid, $"Early-warning settings are invalid: {what}.", RefusalKind.Invalid);
}

/// <summary>The product's thresholds, and those of the programmes that set their own.</summary>
public sealed record EarlyWarningSettings
{
    public WarningThresholds Defaults { get; init; } = WarningThresholds.Default;

    public IReadOnlyDictionary<Guid, WarningThresholds> Programs { get; init; } = new Dictionary<Guid, WarningThresholds>();

    public WarningThresholds For(Guid programId) => Programs.GetValueOrDefault(programId, Defaults);

    /// <summary>The widest maturity window of any programme: what the close's pre-selection of lines must cover.</summary>
    public int WidestMaturityWindow => Programs.Values.Select(t => t.MaturityWindowDays).Append(Defaults.MaturityWindowDays).Max();

    public EarlyWarningSettings Validate()
    {
        Defaults.Validate();
        foreach (var t in Programs.Values) t.Validate();
        return this;
    }
}
