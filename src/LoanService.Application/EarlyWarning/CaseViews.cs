using LoanService.Domain;
using LoanService.Domain.EarlyWarning;
using NodaTime;

namespace LoanService.Application.EarlyWarning;

/// <summary>A warning as the department sees it inside a case, and as the cooperative sees it on its lines.</summary>
public sealed record WarningView(Guid Id, Guid LineId, Guid BorrowerId, Guid CooperativeId, WarningKind Kind,
    WarningSeverity Severity, LocalDate ArisenOn, LocalDate? ClearedOn, LocalDate AsOf, Money AmountOverdue, int DaysPastDue,
    string Detail)
{
    public static WarningView From(Warning w) => new(w.Id, w.LineId, w.BorrowerId, w.CooperativeId, w.Kind, w.Severity,
        w.ArisenOn, w.ClearedOn, w.AsOf, w.AmountOverdue, w.DaysPastDue, w.Detail);
}

/// <summary>Who the borrower is, as far as the department may know: the name masked unless they agreed.</summary>
public sealed record BorrowerView(Guid Id, string Name, bool NameDisclosed, string RegionCode, string Township,
    string PartyBranch);

/// <summary>A case in a list: the borrower, the warnings still open, the helper.</summary>
public sealed record CaseSummary(Guid Id, CaseState State, WarningSeverity Severity, LocalDate OpenedOn, int DaysOpen,
    BorrowerView Borrower, Guid CooperativeId, string Cooperative, IReadOnlyList<WarningView> Warnings,
    string? HelperName, string? HelperPost, LocalDate? LastHelpedOn, LocalDate? ResolvedOn, bool ResolvedByDepartment,
    string? ResolutionReason);

/// <summary>A case with every warning it collected and every change made to it, oldest first.</summary>
public sealed record CaseDetail(CaseSummary Case, IReadOnlyList<WarningView> AllWarnings, IReadOnlyList<CaseChange> Changes);

/// <summary>The department's filters; null means any.</summary>
public sealed record CaseFilter(CaseState? State = null, WarningSeverity? Severity = null, string? Township = null,
    Guid? CooperativeId = null);

/// <summary>Cases opened and resolved in a calendar month, and how long those resolved stayed open.</summary>
public sealed record CaseMonth(int Year, int Month, int Opened, int Resolved, decimal? AverageDaysOpen, int? LongestDaysOpen);
