using NodaTime;

namespace LoanService.Domain.EarlyWarning;

/// <summary>
/// One signal on one line, from the business date it arose to the one it cleared on. Never deleted:
/// a cleared warning is the history. While open, each close refreshes its figures and severity.
/// </summary>
public sealed class Warning
{
    private Warning()
    {
    }

    public Guid Id { get; private set; }
    public Guid LineId { get; private set; }
    public Guid BorrowerId { get; private set; }
    public Guid CooperativeId { get; private set; }
    public Guid ProgramId { get; private set; }
    public Guid DepartmentId { get; private set; }
    public Guid CaseId { get; private set; }
    public WarningKind Kind { get; private set; }
    public WarningSeverity Severity { get; private set; }

    /// <summary>The first business date the signal held for.</summary>
    public LocalDate ArisenOn { get; private set; }

    /// <summary>The first business date it no longer held for; null while open.</summary>
    public LocalDate? ClearedOn { get; private set; }

    /// <summary>The business date its figures are of.</summary>
    public LocalDate AsOf { get; private set; }

    public Money AmountOverdue { get; private set; }
    public int DaysPastDue { get; private set; }
    public string Detail { get; private set; } = "";

    public bool IsOpen => ClearedOn is null;

    public static Warning Raise(Guid id, LineFacts line, Guid departmentId, Guid caseId, Signal signal, LocalDate on) => new()
    {
        Id = id, LineId = line.LineId, BorrowerId = line.BorrowerId, CooperativeId = line.CooperativeId,
        ProgramId = line.ProgramId, DepartmentId = departmentId, CaseId = caseId, Kind = signal.Kind,
        Severity = signal.Severity, ArisenOn = on, AsOf = on, AmountOverdue = signal.AmountOverdue,
        DaysPastDue = signal.DaysPastDue, Detail = signal.Detail,
    };

    /// <summary>The signal still holds on <paramref name="on"/>: its latest figures.</summary>
    public void Refresh(Signal signal, LocalDate on)
    {
        if (!IsOpen) throw new InvalidOperationException("A cleared warning is history; a new one arises instead.");
        (Severity, AmountOverdue, DaysPastDue, AsOf) = (signal.Severity, signal.AmountOverdue, signal.DaysPastDue, on);
        // The forfeited amount is the figure that raised it: kept while the warning holds.
        if (Kind != WarningKind.SubsidyForfeited) Detail = signal.Detail;
    }

    public void Clear(LocalDate on)
    {
        if (!IsOpen) return;
        ClearedOn = on;
        AsOf = on;
    }
}
