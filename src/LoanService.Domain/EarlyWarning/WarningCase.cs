using LoanService.Domain.Borrowers;
using NodaTime;

namespace LoanService.Domain.EarlyWarning;

/// <summary>发现 → 帮扶责任人 → 帮扶记录 → 解除.</summary>
public enum CaseState
{
    /// <summary>发现: opened by a warning, nobody assigned yet.</summary>
    Found,
    /// <summary>已分配: a helper (帮扶责任人) is assigned.</summary>
    Assigned,
    /// <summary>帮扶中: at least one help record (帮扶记录).</summary>
    Helped,
    /// <summary>已解除: every warning cleared, or the department resolved it with a reason.</summary>
    Resolved,
}

public enum CaseChangeKind
{
    Opened,
    WarningAdded,
    WarningCleared,
    HelperAssigned,
    HelpRecorded,
    Resolved,
}

/// <summary>
/// A borrower in trouble, as one department sees it: one open case per borrower and department,
/// collecting the warnings of the borrower's lines in that department's programmes. Every change is
/// a <see cref="CaseChange"/> with who made it (a department's key, or the close) and when.
/// </summary>
public sealed class WarningCase
{
    public const string System = "system";
    public const int MaxHelperName = 30;
    public const int MaxHelperPost = 50;
    public const int MaxAction = 200;
    public const int MaxNote = 500;
    public const int MaxReason = 500;

    private readonly List<CaseChange> _changes = [];

    private WarningCase()
    {
    }

    public Guid Id { get; private set; }
    public Guid DepartmentId { get; private set; }
    public Guid BorrowerId { get; private set; }
    public Guid CooperativeId { get; private set; }
    public CaseState State { get; private set; }

    /// <summary>The worst severity among its open warnings (the last known while it was open).</summary>
    public WarningSeverity Severity { get; private set; }

    public LocalDate OpenedOn { get; private set; }
    public string? HelperName { get; private set; }
    public string? HelperPost { get; private set; }
    public LocalDate? LastHelpedOn { get; private set; }
    public LocalDate? ResolvedOn { get; private set; }

    /// <summary>Why the department resolved it; null when it resolved by itself.</summary>
    public string? ResolutionReason { get; private set; }

    public bool ResolvedByDepartment { get; private set; }

    /// <summary>Changes made since this case was loaded (all, for a new one); the full history is in the store.</summary>
    public IReadOnlyList<CaseChange> Changes => _changes;

    public bool IsOpen => State != CaseState.Resolved;

    /// <summary>Days the case has been (or was) open on <paramref name="today"/>: resolved cases stop counting.</summary>
    public int DaysOpen(LocalDate today) => Period.DaysBetween(OpenedOn, ResolvedOn ?? today);

    public static WarningCase Open(Guid id, Guid departmentId, Guid borrowerId, Guid cooperativeId, LocalDate on, Instant at)
    {
        var c = new WarningCase
        {
            Id = id, DepartmentId = departmentId, BorrowerId = borrowerId, CooperativeId = cooperativeId,
            State = CaseState.Found, OpenedOn = on,
        };
        c.Record(CaseChangeKind.Opened, System, on, at);
        return c;
    }

    /// <summary>A new warning joins the open case (the close does this).</summary>
    public void Add(Warning warning, Instant at)
    {
        if (!IsOpen) throw new InvalidOperationException("A resolved case takes no warnings: a new case opens.");
        if (warning.Severity > Severity) Severity = warning.Severity;
        Record(CaseChangeKind.WarningAdded, System, warning.ArisenOn, at, detail: $"{warning.Kind}");
    }

    public void Cleared(Warning warning, Instant at)
    {
        if (IsOpen) Record(CaseChangeKind.WarningCleared, System, warning.ClearedOn!.Value, at, detail: $"{warning.Kind}");
    }

    /// <summary>The close's view of the open warnings: the worst sets the severity; none left resolves the case.</summary>
    public void Settle(IReadOnlyCollection<Warning> openWarnings, LocalDate on, Instant at)
    {
        if (!IsOpen) return;
        if (openWarnings.Count > 0)
        {
            Severity = openWarnings.Max(w => w.Severity);
            return;
        }
        State = CaseState.Resolved;
        ResolvedOn = on;
        Record(CaseChangeKind.Resolved, System, on, at, detail: "all warnings cleared");
    }

    /// <summary>帮扶责任人: a name and a post, entered by the department; a new one replaces the last.</summary>
    public void AssignHelper(Guid departmentId, string? name, string? post, string actor, LocalDate on, Instant at)
    {
        RequireDepartment(departmentId);
        RequireOpen("A resolved case takes no helper.");
        var helper = Text(name, MaxHelperName, "helperName", "the helper's name", required: true)!;
        var helperPost = Text(post, MaxHelperPost, "helperPost", "the helper's post", required: true)!;
        (HelperName, HelperPost) = (helper, helperPost);
        if (State == CaseState.Found) State = CaseState.Assigned;
        Record(CaseChangeKind.HelperAssigned, actor, on, at, helperName: helper, helperPost: helperPost);
    }

    /// <summary>帮扶记录: a visit or other help on <paramref name="date"/> (not after today, not before the case opened).</summary>
    public void RecordHelp(Guid departmentId, LocalDate date, string? action, string? note, string actor, LocalDate on, Instant at)
    {
        RequireDepartment(departmentId);
        RequireOpen("A resolved case takes no help records.");
        if (HelperName is null)
            throw new DomainException(ErrorCodes.CaseNoHelper, "Assign a helper (帮扶责任人) before recording help.");
        if (date > on || date < OpenedOn)
            throw new DomainException(ErrorCodes.CaseHelpInvalid,
                $"The help date must be between the case's opening ({OpenedOn:yyyy-MM-dd}) and today ({on:yyyy-MM-dd}).",
                RefusalKind.Invalid) { Field = "date" };
        var what = Text(action, MaxAction, "action", "what was done", required: true, code: ErrorCodes.CaseHelpInvalid)!;
        var text = Text(note, MaxNote, "note", "the note", required: false, code: ErrorCodes.CaseHelpInvalid);
        State = CaseState.Helped;
        if (LastHelpedOn is null || date > LastHelpedOn) LastHelpedOn = date;
        Record(CaseChangeKind.HelpRecorded, actor, on, at, helpDate: date, action: what, note: text);
    }

    /// <summary>解除 by the department, with a reason; its warnings stay open until their causes clear.</summary>
    public void Resolve(Guid departmentId, string? reason, string actor, LocalDate on, Instant at)
    {
        RequireDepartment(departmentId);
        if (!IsOpen)
            throw new DomainException(ErrorCodes.CaseAlreadyResolved, $"The case was resolved on {ResolvedOn:yyyy-MM-dd}.");
        var why = Text(reason, MaxReason, "reason", "the reason", required: true, code: ErrorCodes.CaseReasonInvalid)!;
        State = CaseState.Resolved;
        ResolvedOn = on;
        ResolutionReason = why;
        ResolvedByDepartment = true;
        Record(CaseChangeKind.Resolved, actor, on, at, reason: why);
    }

    /// <summary>Another department's case does not exist for this one.</summary>
    public void RequireDepartment(Guid departmentId)
    {
        if (departmentId != DepartmentId)
            throw new DomainException(ErrorCodes.CaseNotFound, $"Case {Id} was not found.", RefusalKind.NotFound);
    }

    private void RequireOpen(string message)
    {
        if (!IsOpen) throw new DomainException(ErrorCodes.CaseResolved, $"{message} It was resolved on {ResolvedOn:yyyy-MM-dd}.");
    }

    /// <summary>Free text from the department: trimmed, personal numbers masked (as everywhere), no control characters.</summary>
    private static string? Text(string? text, int max, string field, string what, bool required, string code = ErrorCodes.CaseHelperInvalid)
    {
        var value = PersonalData.Scrub((text ?? "").Trim());
        if (value.Length == 0 && !required) return null;
        if (value.Length == 0 || value.Length > max || !FreeText.IsClean(value))
            throw new DomainException(code, $"{char.ToUpperInvariant(what[0])}{what[1..]} must be 1–{max} characters without control characters.",
                RefusalKind.Invalid) { Field = field };
        return value;
    }

    private void Record(CaseChangeKind kind, string actor, LocalDate on, Instant at, string? detail = null,
        string? helperName = null, string? helperPost = null, LocalDate? helpDate = null, string? action = null,
        string? note = null, string? reason = null) =>
        _changes.Add(new CaseChange
        {
            Id = Guid.NewGuid(), CaseId = Id, Kind = kind, Actor = actor, BusinessDate = on, At = at, Detail = detail,
            HelperName = helperName, HelperPost = helperPost, HelpDate = helpDate, Action = action, Note = note, Reason = reason,
        });
}

/// <summary>One change of a case: what, by whom (<see cref="WarningCase.System"/> for the close, else the department's key), when.</summary>
public sealed class CaseChange
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public CaseChangeKind Kind { get; init; }
    public string Actor { get; init; } = "";
    public LocalDate BusinessDate { get; init; }
    public Instant At { get; init; }
    public string? Detail { get; init; }
    public string? HelperName { get; init; }
    public string? HelperPost { get; init; }
    public LocalDate? HelpDate { get; init; }
    public string? Action { get; init; }
    public string? Note { get; init; }
    public string? Reason { get; init; }
}
