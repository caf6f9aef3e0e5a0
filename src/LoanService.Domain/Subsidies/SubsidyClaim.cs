using NodaTime;

namespace LoanService.Domain.Subsidies;

public enum SubsidyClaimState
{
    Submitted,
    Approved,
    Rejected,
    Paid,
}

/// <summary>
/// 贴息申报: a cooperative's claim of the earned subsidy of the periods billed between two dates (in
/// 先缴后补, a refund list). Its lifecycle is <c>Submitted → Approved → Paid</c> or <c>Submitted →
/// Rejected</c>; each step is a method here that refuses a claim in any other state, so the API and
/// the department's page cannot move it any other way (docs/rules.md §6, decisions.md "Claims").
/// </summary>
public sealed class SubsidyClaim
{
    private SubsidyClaim()
    {
    }

    public Guid Id { get; private set; }
    public Guid ProgramId { get; private set; }
    public Guid CooperativeId { get; private set; }
    public SubsidyMode Mode { get; private set; }
    public LocalDate PeriodStart { get; private set; }
    public LocalDate PeriodEnd { get; private set; }
    public SubsidyClaimState State { get; private set; }
    public Money Total { get; private set; }
    public int ItemCount { get; private set; }
    public LocalDate SubmittedOn { get; private set; }
    public Instant SubmittedAt { get; private set; }
    public LocalDate? DecidedOn { get; private set; }
    public Instant? DecidedAt { get; private set; }
    public LocalDate? PaidOn { get; private set; }
    public Instant? PaidAt { get; private set; }
    public string? Reason { get; private set; }

    /// <summary>Bumped by every save of a changed claim: two decisions at once cannot both be saved.</summary>
    public int Version { get; set; }

    public List<SubsidyClaimItem> Items { get; private set; } = [];

    /// <summary>
    /// Submits a claim of <paramref name="program"/> for <paramref name="cooperativeId"/> over the periods
    /// billed from <paramref name="periodStart"/> to <paramref name="periodEnd"/>, numbering
    /// <paramref name="items"/> in the order given. A claim of nothing is refused.
    /// </summary>
    public static SubsidyClaim Submit(Guid id, SubsidyProgram program, Guid cooperativeId, LocalDate periodStart,
        LocalDate periodEnd, IReadOnlyList<SubsidyClaimItem> items, LocalDate today, Instant now)
    {
        if (items.Count == 0)
            throw new DomainException(ErrorCodes.ClaimNothingToClaim,
                $"No earned subsidy billed from {periodStart:yyyy-MM-dd} to {periodEnd:yyyy-MM-dd} is left to claim.");
        var claim = new SubsidyClaim
        {
            Id = id, ProgramId = program.Id, CooperativeId = cooperativeId, Mode = program.Mode,
            PeriodStart = periodStart, PeriodEnd = periodEnd, State = SubsidyClaimState.Submitted,
            SubmittedOn = today, SubmittedAt = now, ItemCount = items.Count, Total = items.Sum(i => i.Amount),
        };
        var no = 0;
        foreach (var item in items)
        {
            (item.ClaimId, item.ItemNo) = (id, ++no);
            claim.Items.Add(item);
        }
        return claim;
    }

    /// <summary>
    /// The dates a claim covers: <paramref name="start"/> to <paramref name="end"/> as asked, or, with neither,
    /// the last whole calendar quarter before <paramref name="today"/> (on 2 April 2026: 1 January to 31 March).
    /// A claim is for closed business dates only, so its end must be before today.
    /// </summary>
    public static (LocalDate Start, LocalDate End) PeriodOf(LocalDate? start, LocalDate? end, LocalDate today)
    {
        if (start is null && end is null)
        {
            var quarterStart = new LocalDate(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
            return (quarterStart.PlusMonths(-3), quarterStart.PlusDays(-1));
        }
        if (start is not { } from || end is not { } to)
            throw new DomainException(ErrorCodes.ClaimPeriodInvalid, "periodStart and periodEnd go together: send both or neither.",
                RefusalKind.Invalid) { Field = start is null ? "periodStart" : "periodEnd" };
        if (to < from)
            throw new DomainException(ErrorCodes.ClaimPeriodInvalid, "periodEnd must not be before periodStart.",
                RefusalKind.Invalid) { Field = "periodEnd" };
        if (to >= today)
            throw new DomainException(ErrorCodes.ClaimPeriodInvalid,
                $"A claim is for closed business dates: periodEnd must be before {today:yyyy-MM-dd}.",
                RefusalKind.Invalid) { Field = "periodEnd" };
        return (from, to);
    }

    /// <summary>审核通过: only a submitted claim.</summary>
    public void Approve(LocalDate today, Instant now)
    {
        Require(SubsidyClaimState.Submitted, ErrorCodes.ClaimNotSubmitted);
        State = SubsidyClaimState.Approved;
        (DecidedOn, DecidedAt) = (today, now);
    }

    /// <summary>
    /// 退回: only a submitted claim, with an optional <see cref="FreeText.Reason">reason</see> (trimmed, at most
    /// <see cref="FreeText.ReasonMaxLength"/> characters of clean text, a resident ID or mobile in it masked).
    /// Its periods become claimable again: the caller releases them.
    /// </summary>
    public void Reject(string? reason, LocalDate today, Instant now)
    {
        Require(SubsidyClaimState.Submitted, ErrorCodes.ClaimNotSubmitted);
        var text = FreeText.Reason(reason)
            ?? throw new DomainException(ErrorCodes.RequestInvalid,
                $"reason must be at most {FreeText.ReasonMaxLength} characters without control characters.",
                RefusalKind.Invalid) { Field = "reason" };
        State = SubsidyClaimState.Rejected;
        Reason = text.Length == 0 ? null : text;
        (DecidedOn, DecidedAt) = (today, now);
    }

    /// <summary>标记已拨付: only an approved claim.</summary>
    public void MarkPaid(LocalDate today, Instant now)
    {
        Require(SubsidyClaimState.Approved, ErrorCodes.ClaimNotApproved);
        State = SubsidyClaimState.Paid;
        (PaidOn, PaidAt) = (today, now);
    }

    private void Require(SubsidyClaimState state, string code)
    {
        if (State != state)
            throw new DomainException(code, $"The claim is {State}; only a {state} claim can be decided so.");
    }
}

/// <summary>One line of a claim, as submitted: personal data only masked.</summary>
public sealed class SubsidyClaimItem
{
    /// <summary>Set when the item joins its claim (<see cref="SubsidyClaim.Submit"/>).</summary>
    public Guid ClaimId { get; internal set; }
    public Guid PeriodId { get; init; }
    /// <summary>序号, from 1 in the claim's order; set when the item joins its claim.</summary>
    public int ItemNo { get; internal set; }
    public Guid LineId { get; init; }
    public Guid BorrowerId { get; init; }
    public string BorrowerName { get; init; } = "";
    public string ResidentId { get; init; } = "";
    public string Township { get; init; } = "";
    public LocalDate PeriodStart { get; init; }
    public LocalDate PeriodEnd { get; init; }
    public int Days { get; init; }
    public Money AveragePrincipal { get; init; }
    public decimal AnnualRate { get; init; }
    public Money Amount { get; init; }
}
