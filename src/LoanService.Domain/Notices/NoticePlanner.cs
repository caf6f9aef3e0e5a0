using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Notices;

/// <summary>
/// A notice to send. <see cref="DedupKey"/> names the line, kind and due item: a second notice
/// with the same key is never made, whatever retries or re-run closes happen.
/// </summary>
public sealed record PlannedNotice(Guid LineId, NoticeKind Kind, string DedupKey, LocalDate BusinessDate, string Body);

/// <summary>Which notices a line's state calls for, after a close or a posting.</summary>
public static class NoticePlanner
{
    /// <summary>
    /// The reminders and overdue notices due on the business date after <paramref name="closed"/>,
    /// decided from the line as that close left it; <paramref name="subsidies"/> holds its programme, if
    /// it is enrolled, so that a 直接贴息 reminder states the borrower's net bill.
    /// </summary>
    public static IReadOnlyList<PlannedNotice> AfterClose(CreditLine line, LocalDate closed, ProductSettings settings,
        NoticeCadence cadence, Subsidies.ISubsidyBudget? subsidies = null)
    {
        if (!line.IsOpen) return [];
        var on = closed.PlusDays(1);
        List<PlannedNotice>? notices = null; // most lines on most nights get nothing: allocate only when one is due

        // The reminder goes out on due date − N days; the due date is the day after a settlement day.
        var settlement = closed.PlusDays(cadence.InterestReminderDaysBefore);
        if (line.Principal.IsPositive && settings.IsSettlementDay(settlement) && settlement < line.MaturityDate)
        {
            var due = settlement.PlusDays(1);
            // What will be billed if nothing changes: accrued so far plus the days through settlement.
            var estimate = line.EstimatedInterestBill(closed, settlement, subsidies);
            (notices ??= []).Add(new PlannedNotice(line.Id, NoticeKind.InterestDueReminder,
                Key(line, NoticeKind.InterestDueReminder, due), on, NoticeTexts.InterestDueReminder(due, estimate)));
        }

        var outstanding = line.Principal + line.OverduePrincipal;
        var reminders = cadence.MaturityReminderDaysBefore;
        var daysToMaturity = outstanding.IsPositive && reminders.Count > 0 ? Period.DaysBetween(on, line.MaturityDate) : 0;
        for (var i = 0; i < reminders.Count; i++) // by index: a foreach over an IReadOnlyList allocates its enumerator
        {
            var daysBefore = reminders[i];
            if (outstanding.IsPositive && daysToMaturity == daysBefore)
                (notices ??= []).Add(new PlannedNotice(line.Id, NoticeKind.MaturityReminder,
                    Key(line, NoticeKind.MaturityReminder, line.MaturityDate, daysBefore.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    on, NoticeTexts.MaturityReminder(line.MaturityDate, line.Principal)));
        }

        var daysPastDue = line.DaysPastDueOn(on);
        if (daysPastDue > 0 && cadence.OverdueNoticeDaysPastDue.Contains(daysPastDue))
        {
            var overdue = line.OverduePrincipal + line.OverdueInterest + line.PenaltyInterest.RoundToFen();
            var since = on.PlusDays(-daysPastDue);
            (notices ??= []).Add(new PlannedNotice(line.Id, NoticeKind.OverdueNotice,
                Key(line, NoticeKind.OverdueNotice, since, daysPastDue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                on, NoticeTexts.OverdueNotice(daysPastDue, overdue)));
        }
        return notices ?? (IReadOnlyList<PlannedNotice>)[];
    }

    public static PlannedNotice DrawConfirmation(CreditLine line, JournalEntry draw) => new(line.Id,
        NoticeKind.DrawConfirmation, Key(line, NoticeKind.DrawConfirmation, draw.Id), draw.BusinessDate,
        NoticeTexts.DrawConfirmation(draw.BusinessDate, draw.Amount, line.AvailableOn(draw.BusinessDate)));

    public static PlannedNotice RepaymentReceipt(CreditLine line, JournalEntry repayment, RepaymentAllocation a) => new(line.Id,
        NoticeKind.RepaymentReceipt, Key(line, NoticeKind.RepaymentReceipt, repayment.Id), repayment.BusinessDate,
        NoticeTexts.RepaymentReceipt(repayment.BusinessDate, repayment.Amount, a.Principal + a.OverduePrincipal,
            a.PenaltyInterest + a.OverdueInterest + a.Interest, line.Principal + line.OverduePrincipal));

    public static PlannedNotice ExtensionConfirmation(CreditLine line, JournalEntry extension) => new(line.Id,
        NoticeKind.ExtensionConfirmation, Key(line, NoticeKind.ExtensionConfirmation, extension.Id), extension.BusinessDate,
        NoticeTexts.ExtensionConfirmation(line.MaturityDate));

    public static PlannedNotice RenewalConfirmation(CreditLine successor) => new(successor.Id,
        NoticeKind.RenewalConfirmation, Key(successor, NoticeKind.RenewalConfirmation, successor.StartDate), successor.StartDate,
        NoticeTexts.RenewalConfirmation(successor.Limit, successor.MaturityDate));

    private static string Key(CreditLine line, NoticeKind kind, object item, string? detail = null) =>
        detail is null ? $"{line.Id:N}:{kind}:{Format(item)}" : $"{line.Id:N}:{kind}:{Format(item)}:{detail}";

    private static string Format(object item) => item switch
    {
        LocalDate d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Guid g => g.ToString("N"),
        _ => item.ToString() ?? "",
    };
}
