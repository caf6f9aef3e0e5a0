namespace LoanService.Domain.Notices;

public enum NoticeKind
{
    /// <summary>支用确认: sent at once.</summary>
    DrawConfirmation,
    /// <summary>还款回执: sent at once.</summary>
    RepaymentReceipt,
    /// <summary>扣息提醒: days before a settlement's due date (扣息日).</summary>
    InterestDueReminder,
    /// <summary>到期提醒: days before maturity.</summary>
    MaturityReminder,
    /// <summary>逾期通知: on given days past due. The only kind an opted-out borrower still gets.</summary>
    OverdueNotice,
    /// <summary>展期确认.</summary>
    ExtensionConfirmation,
    /// <summary>续贷确认.</summary>
    RenewalConfirmation,
}

public static class NoticeKinds
{
    /// <summary>Receipts go at once, at any hour; reminders and overdue notices wait for 08:00–21:00.</summary>
    public static bool IsImmediate(this NoticeKind kind) =>
        kind is NoticeKind.DrawConfirmation or NoticeKind.RepaymentReceipt
            or NoticeKind.ExtensionConfirmation or NoticeKind.RenewalConfirmation;

    /// <summary>The kinds that go at once (<see cref="IsImmediate"/>), for a query that selects them.</summary>
    public static readonly IReadOnlyList<NoticeKind> Immediate = Enum.GetValues<NoticeKind>().Where(IsImmediate).ToArray();

    /// <summary>A borrower who opted out of SMS gets only overdue notices.</summary>
    public static bool ReachesOptedOut(this NoticeKind kind) => kind == NoticeKind.OverdueNotice;
}
