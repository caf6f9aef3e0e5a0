using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Application.EarlyWarning;
using LoanService.Domain;
using LoanService.Domain.EarlyWarning;
using NodaTime;

namespace LoanService.Api.EarlyWarning;

public sealed record AssignHelperRequest(
    [Required, StringLength(WarningCase.MaxHelperName, MinimumLength = 1)] string? HelperName,
    [Required, StringLength(WarningCase.MaxHelperPost, MinimumLength = 1)] string? HelperPost);

public sealed record HelpRecordRequest(
    [Required] LocalDate? Date,
    [Required, StringLength(WarningCase.MaxAction, MinimumLength = 1)] string? Action,
    [StringLength(WarningCase.MaxNote)] string? Note);

public sealed record ResolveCaseRequest([Required, StringLength(WarningCase.MaxReason, MinimumLength = 1)] string? Reason);

public sealed record WarningResponse(Guid Id, Guid LineId, Guid BorrowerId, Guid CooperativeId, WarningKind Kind,
    WarningSeverity Severity, LocalDate ArisenOn, LocalDate? ClearedOn, LocalDate AsOf, decimal AmountOverdue,
    int DaysPastDue, string Detail)
{
    public static WarningResponse From(WarningView w) => new(w.Id, w.LineId, w.BorrowerId, w.CooperativeId, w.Kind,
        w.Severity, w.ArisenOn, w.ClearedOn, w.AsOf, w.AmountOverdue.Yuan(), w.DaysPastDue, w.Detail);
}

public sealed record CaseBorrowerResponse(Guid Id, string Name, bool NameDisclosed, string RegionCode, string Township,
    string PartyBranch)
{
    public static CaseBorrowerResponse From(BorrowerView b) => new(b.Id, b.Name, b.NameDisclosed, b.RegionCode, b.Township, b.PartyBranch);
}

public sealed record CaseResponse(Guid Id, CaseState State, WarningSeverity Severity, LocalDate OpenedOn, int DaysOpen,
    CaseBorrowerResponse Borrower, Guid CooperativeId, string Cooperative, IReadOnlyList<WarningResponse> Warnings,
    string? HelperName, string? HelperPost, LocalDate? LastHelpedOn, LocalDate? ResolvedOn, bool ResolvedByDepartment,
    string? ResolutionReason)
{
    public static CaseResponse From(CaseSummary c) => new(c.Id, c.State, c.Severity, c.OpenedOn, c.DaysOpen,
        CaseBorrowerResponse.From(c.Borrower), c.CooperativeId, c.Cooperative, c.Warnings.Select(WarningResponse.From).ToList(),
        c.HelperName, c.HelperPost, c.LastHelpedOn, c.ResolvedOn, c.ResolvedByDepartment, c.ResolutionReason);
}

public sealed record CaseChangeResponse(CaseChangeKind Kind, string Actor, LocalDate BusinessDate, Instant At, string? Detail,
    string? HelperName, string? HelperPost, LocalDate? HelpDate, string? Action, string? Note, string? Reason)
{
    public static CaseChangeResponse From(CaseChange c) => new(c.Kind, c.Actor, c.BusinessDate, c.At, c.Detail, c.HelperName,
        c.HelperPost, c.HelpDate, c.Action, c.Note, c.Reason);
}

public sealed record CaseDetailResponse(CaseResponse Case, IReadOnlyList<WarningResponse> History,
    IReadOnlyList<CaseChangeResponse> Changes)
{
    public static CaseDetailResponse From(CaseDetail d) => new(CaseResponse.From(d.Case),
        d.AllWarnings.Select(WarningResponse.From).ToList(), d.Changes.Select(CaseChangeResponse.From).ToList());
}

public sealed record CaseMonthResponse(int Year, int Month, int Opened, int Resolved, decimal? AverageDaysOpen, int? LongestDaysOpen)
{
    public static CaseMonthResponse From(CaseMonth m) => new(m.Year, m.Month, m.Opened, m.Resolved, m.AverageDaysOpen, m.LongestDaysOpen);
}

/// <summary>A warning on one of the cooperative's lines: nothing of the department's case (helper, notes) is in it.</summary>
public sealed record LineWarningResponse(Guid Id, Guid LineId, Guid BorrowerId, string BorrowerName, string RegionCode,
    string Township, WarningKind Kind, WarningSeverity Severity, LocalDate ArisenOn, LocalDate? ClearedOn, LocalDate AsOf,
    decimal AmountOverdue, int DaysPastDue, string Detail)
{
    public static LineWarningResponse From(CooperativeWarning c) => new(c.Warning.Id, c.Warning.LineId, c.Warning.BorrowerId,
        c.BorrowerName, c.RegionCode, c.Township, c.Warning.Kind, c.Warning.Severity, c.Warning.ArisenOn, c.Warning.ClearedOn,
        c.Warning.AsOf, c.Warning.AmountOverdue.Yuan(), c.Warning.DaysPastDue, c.Warning.Detail);
}
