namespace LoanService.Domain.Notices;

/// <summary>When reminders and overdue notices go out; a cooperative may set its own (docs/rules.md §9).</summary>
public sealed record NoticeCadence
{
    public static readonly NoticeCadence Default = new();

    /// <summary>Days before a settlement's due date (扣息日) that the interest reminder is sent.</summary>
    public int InterestReminderDaysBefore { get; init; } = 3;

    /// <summary>Days before maturity that maturity reminders are sent.</summary>
    public IReadOnlyList<int> MaturityReminderDaysBefore { get; init; } = [30, 7];

    /// <summary>Days past due on which overdue notices are sent.</summary>
    public IReadOnlyList<int> OverdueNoticeDaysPastDue { get; init; } = [1, 7, 30];

    public NoticeCadence Validate()
    {
        if (InterestReminderDaysBefore is < 1 or > 15
            || MaturityReminderDaysBefore.Any(d => d is < 1 or > 90)
            || OverdueNoticeDaysPastDue.Any(d => d is < 1 or > 360))
            throw new DomainException(ErrorCodes.SettingsInvalid,
                "Notice cadence: interest reminder 1–15 days before, maturity reminders 1–90 days before, overdue notices on day 1–360.",
                RefusalKind.Invalid);
        return this;
    }
}
