using System.Linq.Expressions;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.CreditLines;

/// <summary>
/// A revolving credit line (循环授信额度): the aggregate that guards every change to its balances.
/// Each operation takes the business date it acts on, and either changes the line and appends
/// journal entries to <see cref="PendingJournal"/>, or throws a <see cref="DomainException"/> and
/// changes nothing.
/// </summary>
/// <remarks>
/// Interest is kept as 积数 (the sum of end-of-day balances) since the last billing, so accrued
/// interest is always 积数 × rate ÷ 360 exactly, rounded to 分 once, when billed or paid.
/// </remarks>
public sealed partial class CreditLine
{
    public const decimal MinimumLimit = 50_000m;
    public const decimal MaximumLimit = 200_000m;
    public const int MinimumTermMonths = 1;
    public const int MaximumTermMonths = 60;

    private List<InterestBill> _bills = [];
    private List<JournalEntry> _pending = [];

    /// <summary>How many pending entries there were when <see cref="CatchUp"/> last added its accrual entry (0: none to merge).</summary>
    private int _caughtUp;

    /// <summary>The accrual the event-driven close holds back from the journal while it runs (null otherwise).</summary>
    private HeldAccrual? _held;

    private CreditLine()
    {
    }

    public Guid Id { get; private set; }
    public Guid CooperativeId { get; private set; }
    public Guid BorrowerId { get; private set; }
    public Money Limit { get; private set; }
    public AnnualRate AnnualRate { get; private set; }

    /// <summary>Contract rate × (1 + penalty markup), fixed when the line is opened.</summary>
    public decimal PenaltyRate { get; private set; }

    public int TermMonths { get; private set; }
    public LocalDate StartDate { get; private set; }
    public LocalDate OriginalMaturityDate { get; private set; }
    public LocalDate MaturityDate { get; private set; }
    public CreditLineStatus Status { get; private set; }

    /// <summary>Outstanding principal not overdue.</summary>
    public Money Principal { get; private set; }

    /// <summary>Principal unpaid at the close of the maturity date; it was due on <see cref="MaturityDate"/>.</summary>
    public Money OverduePrincipal { get; private set; }

    /// <summary>积数 of not-overdue principal since the last billing.</summary>
    public decimal InterestBalanceDays { get; private set; }

    /// <summary>Unbilled interest brought over from the line this one renewed, unrounded.</summary>
    public Money InterestCarried { get; private set; }

    /// <summary>Accrued, not yet billed interest already paid (repayment step 6).</summary>
    public Money InterestPaidAhead { get; private set; }

    /// <summary>积数 of overdue principal plus overdue interest: the base of penalty and compound interest.</summary>
    public decimal PenaltyBalanceDays { get; private set; }

    /// <summary>Penalty and compound interest paid against <see cref="PenaltyBalanceDays"/>.</summary>
    public Money PenaltyPaid { get; private set; }

    /// <summary>Billed interest not fully paid, oldest first.</summary>
    public IReadOnlyList<InterestBill> Bills => _bills;

    /// <summary>The last business date whose close this line has been through.</summary>
    public LocalDate LastClosedDate { get; private set; }

    /// <summary>Classification decided at the last close; it holds for the business date after it.</summary>
    public Classification Classification { get; private set; }

    /// <summary>The worst class held once a line reached 次级 or worse, until six months after it was cured.</summary>
    public Classification? HeldClassification { get; private set; }

    /// <summary>The first business date whose close found nothing overdue since the class was held (C in docs/rules.md §7).</summary>
    public LocalDate? CuredSince { get; private set; }

    public Guid? RenewedFromId { get; private set; }
    public Guid? RenewedToId { get; private set; }

    /// <summary>Sequence number of the last journal entry made for this line.</summary>
    public int JournalSequence { get; private set; }

    /// <summary>Journal entries made since they were last taken with <see cref="TakePendingJournal"/>.</summary>
    public IReadOnlyList<JournalEntry> PendingJournal => _pending;

    public bool IsExtended => MaturityDate != OriginalMaturityDate;

    /// <summary>
    /// An open line: neither closed nor renewed. Written once, as an expression, so that a query (the
    /// close's selection of lines) asks exactly what <see cref="IsOpen"/> does.
    /// </summary>
    public static readonly Expression<Func<CreditLine, bool>> IsOpenQuery =
        l => l.Status != CreditLineStatus.Closed && l.Status != CreditLineStatus.Renewed;

    private static readonly Func<CreditLine, bool> OpenCompiled = IsOpenQuery.Compile();

    public bool IsOpen => OpenCompiled(this);

    public Money BilledInterest => SumBills(overdue: false);

    public Money OverdueInterest => SumBills(overdue: true);

    /// <summary>Accrued unbilled interest, unrounded.</summary>
    /// <remarks>In 直接贴息 (<see cref="Subsidies.SubsidyMode.LenderClaims"/>) net of the accrued subsidy.</remarks>
    public Money AccruedInterest => GrossAccruedInterest - SubsidyRelief;

    /// <summary>Penalty and compound interest owed, unrounded; what is owed is this rounded to 分.</summary>
    public Money PenaltyInterest => Accrual.Interest(PenaltyBalanceDays, PenaltyRate) - PenaltyPaid;

    public Balances Balances => new(Principal, OverduePrincipal, AccruedInterest, BilledInterest,
        OverdueInterest, PenaltyInterest);

    public bool HasOverdue => OverduePrincipal.IsPositive || OverdueInterest.IsPositive;

    /// <summary>limit − principal − overdue principal, or zero when the line cannot draw on <paramref name="businessDate"/>.</summary>
    public Money AvailableOn(LocalDate businessDate) =>
        Status == CreditLineStatus.Active && businessDate < MaturityDate && !HasOverdue
            ? Limit - Principal - OverduePrincipal
            : Money.Zero;

    /// <summary>
    /// Opens a line on <paramref name="businessDate"/>; maturity = start + term (same day of month,
    /// clamped to the month's end).
    /// </summary>
    public static CreditLine Open(Guid id, Guid cooperativeId, Guid borrowerId, Money limit, AnnualRate rate,
        int termMonths, LocalDate businessDate, ProductSettings settings)
    {
        ValidateLimit(limit, "limit");
        ValidateTerm(termMonths);
        var maturity = businessDate.PlusMonths(termMonths);
        return new CreditLine
        {
            Id = id,
            CooperativeId = cooperativeId,
            BorrowerId = borrowerId,
            Limit = limit,
            AnnualRate = rate,
            PenaltyRate = rate.Value * (1m + settings.PenaltyMarkup),
            TermMonths = termMonths,
            StartDate = businessDate,
            OriginalMaturityDate = maturity,
            MaturityDate = maturity,
            Status = CreditLineStatus.Active,
            LastClosedDate = businessDate.PlusDays(-1),
            AccruedThrough = businessDate.PlusDays(-1),
            NextEventDate = businessDate,
            Classification = Classification.Normal,
        };
    }

    /// <summary>Hands over the journal entries made since the last call, and forgets them.</summary>
    public IReadOnlyList<JournalEntry> TakePendingJournal()
    {
        var taken = _pending.ToArray();
        _pending.Clear();
        _caughtUp = 0;
        return taken;
    }

    /// <summary>Days past due on <paramref name="businessDate"/>: date − earliest due date among unpaid overdue items.</summary>
    public int DaysPastDueOn(LocalDate businessDate) =>
        OverdueSince is { } due ? Math.Max(0, Period.DaysBetween(due, businessDate)) : 0;

    /// <summary>
    /// What a repayment on <paramref name="businessDate"/> must be to leave every balance at zero. On a
    /// line enrolled in 直接贴息 the accrued interest is net of the subsidy as its programme, given in
    /// <paramref name="subsidies"/>, would bill it today; without the programme, as rounded half up.
    /// </summary>
    public PayoffQuote PayoffOn(LocalDate businessDate, ISubsidyBudget? subsidies = null) => new(
        businessDate,
        new RepaymentAllocation(PenaltyInterest.RoundToFen(), OverdueInterest, OverduePrincipal, BilledInterest, Principal,
            AccruedInterestOwed(subsidies)));

    private Money SumBills(bool overdue)
    {
        var sum = Money.Zero;
        foreach (var bill in _bills)
            if (bill.Overdue == overdue)
                sum += bill.Unpaid;
        return sum;
    }

    private static void ValidateLimit(Money limit, string field)
    {
        if (!limit.IsWholeFen || limit.Amount < MinimumLimit || limit.Amount > MaximumLimit)
            throw new DomainException(ErrorCodes.LimitOutOfRange,
                $"Limit {limit.Amount} must be between 50000.00 and 200000.00 yuan in whole fen.",
                RefusalKind.Invalid) { Field = field };
    }

    private static void ValidateTerm(int termMonths)
    {
        if (termMonths is < MinimumTermMonths or > MaximumTermMonths)
            throw new DomainException(ErrorCodes.TermOutOfRange,
                $"Term {termMonths} must be 1–60 whole months.", RefusalKind.Invalid) { Field = "termMonths" };
    }

    /// <summary>
    /// Postings act on the line's open business day: the day after its last close. A line whose last
    /// event was days ago is first brought to that day with <see cref="CatchUp"/>.
    /// </summary>
    private void RequireOpenDay(LocalDate businessDate)
    {
        var open = LastClosedDate.PlusDays(1);
        if (businessDate != open)
            throw new DomainException(ErrorCodes.BusinessDateMismatch,
                $"The line's open business date is {open:yyyy-MM-dd}, not {businessDate:yyyy-MM-dd}.");
    }

    private JournalEntry Record(LocalDate businessDate, JournalEntryKind kind, Money amount, Balances before,
        Guid? id = null) =>
        Record(businessDate, kind, amount, before, Balances, id);

    /// <summary>Records an entry when the caller already holds the balances after the change.</summary>
    private JournalEntry Record(LocalDate businessDate, JournalEntryKind kind, Money amount, Balances before,
        Balances after, Guid? id = null)
    {
        var accrued = Money.Zero;
        if (_caughtUp > 0 && _caughtUp == _pending.Count && kind != JournalEntryKind.Accrual)
        {
            // The quiet days a catch-up just brought in go into this entry, as what accrued before it.
            var quiet = _pending[^1];
            _pending.RemoveAt(_pending.Count - 1);
            JournalSequence--;
            before = quiet.After - quiet.Change;
            accrued = quiet.Amount;
        }
        _caughtUp = 0;
        var change = after - before;
        if (_held is { IsHeld: true } held && kind != JournalEntryKind.Accrual)
        {
            if (held.CaughtUp)
            {
                // As above, for quiet days the event-driven close held back.
                change = after - held.Before;
                accrued = held.Amount;
            }
            else
            {
                // The event-driven close's accrual goes into its first entry, as FoldAccrual would put it.
                change += held.Change;
                accrued += held.Amount;
            }
            held.IsHeld = false;
        }
        var entry = new JournalEntry(id ?? EntryIds.New(), Id, ++JournalSequence, businessDate, kind, amount,
            change, after) { Accrued = accrued };
        _pending.Add(entry);
        // Whatever changed the line, its next close looks at it (a close sets its own next event after).
        NextEventDate = IsOpen ? LastClosedDate.PlusDays(1) : null;
        return entry;
    }

    private static Money RequirePostedAmount(decimal amount)
    {
        if (amount <= 0m)
            throw new DomainException(ErrorCodes.AmountNotPositive, "Amount must be greater than zero.",
                RefusalKind.Invalid) { Field = "amount" };
        if (amount > 1_000_000_000m)
            throw new DomainException(ErrorCodes.AmountTooLarge, "Amount is larger than any line can hold.",
                RefusalKind.Invalid) { Field = "amount" };
        if (!Money.IsInWholeFen(amount))
            throw new DomainException(ErrorCodes.AmountTooManyDecimals, "Amount must have at most 2 decimals.",
                RefusalKind.Invalid) { Field = "amount" };
        return new Money(amount);
    }
}

/// <summary>
/// A payoff quote (结清金额): the repayment today that leaves every balance at zero, split as that
/// repayment would be (<see cref="Parts"/>, in the allocation order).
/// </summary>
public sealed record PayoffQuote(LocalDate BusinessDate, RepaymentAllocation Parts)
{
    public Money PenaltyInterest => Parts.PenaltyInterest;
    public Money OverdueInterest => Parts.OverdueInterest;
    public Money OverduePrincipal => Parts.OverduePrincipal;
    public Money BilledInterest => Parts.BilledInterest;
    public Money Principal => Parts.Principal;
    public Money AccruedInterest => Parts.AccruedInterest;

    public Money Amount => Parts.Total;
}
