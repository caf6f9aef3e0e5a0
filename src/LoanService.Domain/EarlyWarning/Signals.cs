using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.EarlyWarning;

/// <summary>
/// What the signals read of a line after a close: a few columns, so that the close can select them
/// set-based for every enrolled line without loading the lines themselves.
/// </summary>
/// <param name="OverdueSince">The earliest due date among unpaid overdue items; null when nothing is overdue.</param>
/// <param name="OverdueAmount">Overdue principal plus overdue interest (penalty interest not included).</param>
/// <param name="ForfeitedToday">Subsidy forfeited by the close that produced these facts.</param>
public sealed record LineFacts(
    Guid LineId, Guid BorrowerId, Guid CooperativeId, Guid ProgramId, CreditLineStatus Status,
    LocalDate MaturityDate, LocalDate OriginalMaturityDate, Money Principal, Money OverdueAmount, LocalDate? OverdueSince,
    Classification Classification, string BillRecord, Money ForfeitedToday)
{
    /// <summary>The facts of a line held in memory; the close reads the same columns in SQL.</summary>
    public static LineFacts Of(CreditLine line, Guid programId, Money forfeitedToday = default) => new(
        line.Id, line.BorrowerId, line.CooperativeId, programId, line.Status, line.MaturityDate, line.OriginalMaturityDate,
        line.Principal, line.OverdueAmount, line.OverdueSince, line.Classification, line.BillRecord.ToString(), forfeitedToday);

    public bool IsOpen => Status is not (CreditLineStatus.Closed or CreditLineStatus.Renewed);

    /// <summary>Days past due on <paramref name="on"/>, as <see cref="CreditLine.DaysPastDueOn"/> counts them.</summary>
    public int DaysPastDueOn(LocalDate on) => OverdueSince is { } due ? Math.Max(0, Period.DaysBetween(due, on)) : 0;
}

/// <summary>A signal that holds, with the figures behind it.</summary>
/// <param name="Detail">Kind-specific, machine-readable: the class, the forfeited amount, the maturity, the late count.</param>
public sealed record Signal(WarningKind Kind, WarningSeverity Severity, Money AmountOverdue, int DaysPastDue, string Detail);

/// <summary>
/// The signals of docs/early-warning.md as pure functions of a line's facts on business date
/// <c>on</c>: the day after the close that produced them, the first date they hold for
/// (as the classification is). A closed or renewed line has none, so its warnings clear.
/// </summary>
public static class Signals
{
    public static IReadOnlyList<Signal> For(LineFacts line, LocalDate on, WarningThresholds thresholds,
        bool forfeitedWarningOpen = false)
    {
        if (!line.IsOpen) return [];
        var signals = new List<Signal>();
        var dpd = line.DaysPastDueOn(on);
        var overdue = line.OverdueAmount;
        void Add(WarningKind kind, WarningSeverity severity, string detail) =>
            signals.Add(new Signal(kind, severity, overdue, dpd, detail));

        if (dpd >= thresholds.PastDueDays) Add(WarningKind.PastDue, WarningSeverity.Medium, $"since={line.OverdueSince:yyyy-MM-dd}");
        if (dpd >= thresholds.SeriousPastDueDays) Add(WarningKind.PastDue30, WarningSeverity.High, $"since={line.OverdueSince:yyyy-MM-dd}");
        if (dpd >= thresholds.CriticalPastDueDays) Add(WarningKind.PastDue90, WarningSeverity.Critical, $"since={line.OverdueSince:yyyy-MM-dd}");

        // A forfeiture is an event: it raises the warning, which holds while the line has anything overdue.
        if (line.ForfeitedToday.IsPositive || (forfeitedWarningOpen && line.OverdueSince is not null))
            Add(WarningKind.SubsidyForfeited, WarningSeverity.Medium,
                line.ForfeitedToday.IsPositive ? $"forfeited={line.ForfeitedToday.ToYuanString()}" : "forfeited");

        var toMaturity = Period.DaysBetween(on, line.MaturityDate);
        if (line.Principal.IsPositive && line.MaturityDate == line.OriginalMaturityDate
            && toMaturity >= 0 && toMaturity <= thresholds.MaturityWindowDays)
            signals.Add(new Signal(WarningKind.MaturityNear, WarningSeverity.Low, overdue, dpd,
                $"maturity={line.MaturityDate:yyyy-MM-dd};days={toMaturity};principal={line.Principal.ToYuanString()}"));

        if (line.Classification > Classification.Normal)
            Add(WarningKind.Classified, line.Classification switch
            {
                Classification.SpecialMention => WarningSeverity.Medium,
                Classification.Substandard => WarningSeverity.High,
                _ => WarningSeverity.Critical,
            }, $"class={line.Classification}");

        var late = EarlyWarning.BillRecord.Parse(line.BillRecord).LateAmongLast(thresholds.LateBillsOutOf);
        if (late >= thresholds.LateBills)
            Add(WarningKind.LateBills, WarningSeverity.Medium, $"late={late}/{thresholds.LateBillsOutOf}");

        if (line.Status == CreditLineStatus.Frozen) Add(WarningKind.Frozen, WarningSeverity.Medium, "frozen");
        return signals;
    }
}
