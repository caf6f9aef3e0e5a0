using LoanService.Domain.Borrowers;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.CreditLines;

/// <summary>
/// A period's subsidy billed with the interest and waiting for the borrower's own part of that
/// billing (the interest bill of the same date) to be paid by its due date.
/// </summary>
public sealed record PendingSubsidy(Guid PeriodId, LocalDate BilledOn, LocalDate DueDate, Money Amount);

/// <summary>
/// The subsidy side of a line (docs/rules.md §6). Subsidy accrues at each close on min(principal, cap)
/// at the line's subsidy rate, as 积数 like interest, only while nothing is overdue, inside the
/// programme's dates, not on an extended line unless the programme covers it, and never beyond the
/// programme's budget. In <see cref="SubsidyMode.LenderClaims"/> the borrower owes the interest net
/// of it. Between two events it accrues in closed form like the interest (<see cref="CatchUpSubsidy"/>);
/// the close takes those quiet days from the budget for all the programme's lines at once
/// (<see cref="QuietSubsidyOn"/>, <see cref="SubsidyProgram.TryGrantQuietDay"/>).
/// </summary>
public sealed partial class CreditLine
{
    private List<PendingSubsidy> _pendingSubsidies = [];
    private List<SubsidyEvent> _subsidyEvents = [];

    public Guid? SubsidyProgramId { get; private set; }
    public SubsidyMode? SubsidyMode { get; private set; }

    /// <summary>The line's annual subsidy rate, from the programme's rule and the line's rate.</summary>
    public decimal SubsidyRate { get; private set; }

    /// <summary>Principal above this earns no subsidy.</summary>
    public Money SubsidyCap { get; private set; }

    /// <summary>The programme's first day (<see cref="SubsidyProgram.StartDate"/>), kept with the enrolment for the closed form.</summary>
    public LocalDate? SubsidyStartDate { get; private set; }

    /// <summary>The programme's last day (<see cref="SubsidyProgram.EndDate"/>).</summary>
    public LocalDate? SubsidyEndDate { get; private set; }

    /// <summary>Whether the programme keeps subsidizing the line once extended (<see cref="SubsidyProgram.CoversExtendedLines"/>).</summary>
    public bool SubsidyCoversExtended { get; private set; }

    /// <summary>积数 of min(principal, cap) on the subsidized days since the last billing.</summary>
    public decimal SubsidyBaseDays { get; private set; }

    /// <summary>Subsidized days since the last billing.</summary>
    public int SubsidyDays { get; private set; }

    /// <summary>The first subsidized day since the last billing.</summary>
    public LocalDate? SubsidyPeriodStart { get; private set; }

    /// <summary>
    /// What the accrued subsidy differs from 积数 × rate ÷ 360 by: minus what the budget could not
    /// grant, plus what a renewal brought over.
    /// </summary>
    public Money SubsidyAdjustment { get; private set; }

    /// <summary>积数 a renewal brought over with the accrued subsidy: listed with the period, not priced again.</summary>
    public decimal SubsidyCarriedBaseDays { get; private set; }

    /// <summary>Billed subsidy not yet earned or forfeited, oldest first.</summary>
    public IReadOnlyList<PendingSubsidy> PendingSubsidies => _pendingSubsidies;

    /// <summary>Subsidy events made since they were last taken with <see cref="TakeSubsidyEvents"/>.</summary>
    public IReadOnlyList<SubsidyEvent> PendingSubsidyEvents => _subsidyEvents;

    /// <summary>Subsidy accrued since the last billing, unrounded.</summary>
    public Money SubsidyAccrued => SubsidyProgramId is null
        ? Money.Zero
        : Accrual.Add(Accrual.Interest(SubsidyBaseDays, SubsidyRate), SubsidyAdjustment);

    /// <summary>Accrued interest before the subsidy the borrower is not billed for.</summary>
    public Money GrossAccruedInterest =>
        InterestCarried + Accrual.Interest(InterestBalanceDays, AnnualRate.Value) - InterestPaidAhead;

    /// <summary>
    /// The accrued interest the borrower owes today, rounded to 分 as a settlement today would bill it:
    /// in 直接贴息 round(gross) less the subsidy as the programme in <paramref name="subsidies"/> would
    /// bill it (down, not up, when the budget has no room for the round-up), otherwise the accrued
    /// interest rounded. Without the programme, the subsidy is taken as rounded half up.
    /// </summary>
    private Money AccruedInterestOwed(ISubsidyBudget? subsidies) => SubsidyMode == Subsidies.SubsidyMode.LenderClaims
        ? GrossAccruedInterest.RoundToFen() - SubsidyBilledNow(subsidies)
        : AccruedInterest.RoundToFen();

    /// <summary>The accrued subsidy as a billing now would bill it.</summary>
    private Money SubsidyBilledNow(ISubsidyBudget? subsidies) =>
        SubsidyProgramId is { } programId && subsidies?.Find(programId) is { } program
            ? program.BilledAmountFor(SubsidyAccrued)
            : SubsidyAccrued.RoundToFen();

    /// <summary>The part of the accrued interest the programme pays instead of the borrower (直接贴息 only).</summary>
    private Money SubsidyRelief => SubsidyMode == Subsidies.SubsidyMode.LenderClaims ? SubsidyAccrued : Money.Zero;

    /// <summary>
    /// What a settlement on <paramref name="settlement"/> would bill the borrower if nothing changed after the
    /// close of <paramref name="closed"/>: the interest accrued so far and on today's principal through that date,
    /// rounded; in 直接贴息 less the subsidy accrued so far and on min(principal, cap) for the days inside the
    /// programme's dates (while nothing is overdue and the programme covers the line, and no more than the budget
    /// left), as the programme would bill it. Without the programme in <paramref name="subsidies"/> the subsidy is
    /// taken to accrue every day. For reminders, which say 约 (about).
    /// </summary>
    public Money EstimatedInterestBill(LocalDate closed, LocalDate settlement, ISubsidyBudget? subsidies = null)
    {
        var days = Period.DaysBetween(closed, settlement);
        var gross = Accrual.Add(GrossAccruedInterest, Accrual.Interest(Principal.Amount * days, AnnualRate.Value)).RoundToFen();
        if (SubsidyMode != Subsidies.SubsidyMode.LenderClaims || SubsidyProgramId is not { } programId) return gross;
        var program = subsidies?.Find(programId);
        var subsidizedDays = program is null ? days : DaysInside(closed, settlement, program);
        var coming = HasOverdue || (program is not null && IsExtended && !program.CoversExtendedLines)
            ? Money.Zero
            : Accrual.Interest(Money.Min(Principal, SubsidyCap).Amount * subsidizedDays, SubsidyRate);
        if (program is not null) coming = Money.Min(coming, Money.Max(program.Remaining, Money.Zero));
        var subsidy = Accrual.Add(SubsidyAccrued, coming);
        return gross - (program?.BilledAmountFor(subsidy) ?? subsidy.RoundToFen());
    }

    /// <summary>The days after <paramref name="closed"/> through <paramref name="through"/> inside the programme's dates.</summary>
    private static int DaysInside(LocalDate closed, LocalDate through, SubsidyProgram program)
    {
        var from = closed.PlusDays(1) < program.StartDate ? program.StartDate : closed.PlusDays(1);
        var to = through > program.EndDate ? program.EndDate : through;
        return to < from ? 0 : Period.DaysBetween(from, to) + 1;
    }

    /// <summary>
    /// 贴息: enrols the line in <paramref name="program"/> on <paramref name="businessDate"/>, after
    /// the programme's eligibility checks on the borrower, the cooperative and the date.
    /// </summary>
    public void EnrolInSubsidy(SubsidyProgram program, Borrower borrower, LocalDate businessDate)
    {
        if (borrower.Id != BorrowerId)
            throw new ArgumentException("The borrower is not this line's.", nameof(borrower));
        if (!IsOpen)
            throw new DomainException(ErrorCodes.LineNotActive, $"A {Status} line cannot be enrolled in a subsidy programme.");
        if (SubsidyProgramId is not null)
            throw new DomainException(ErrorCodes.SubsidyAlreadyEnrolled,
                $"The line is already enrolled in subsidy programme {SubsidyProgramId}.") { Field = "subsidyProgramId" };
        program.CheckEnrolment(CooperativeId, borrower.InDifficulty, borrower.RegionCode, businessDate);
        CatchUp(businessDate); // the quiet days before it earned no subsidy
        JoinSubsidy(program);
        NextEventDate = LastClosedDate.PlusDays(1);
    }

    /// <summary>Hands over the subsidy events made since the last call, and forgets them.</summary>
    public IReadOnlyList<SubsidyEvent> TakeSubsidyEvents()
    {
        if (_subsidyEvents.Count == 0) return [];
        var taken = _subsidyEvents.ToArray();
        _subsidyEvents.Clear();
        return taken;
    }

    private void JoinSubsidy(SubsidyProgram program)
    {
        SubsidyProgramId = program.Id;
        SubsidyMode = program.Mode;
        SubsidyRate = program.RateRule.AnnualRateFor(AnnualRate);
        SubsidyCap = program.PrincipalCap;
        SubsidyStartDate = program.StartDate;
        SubsidyEndDate = program.EndDate;
        SubsidyCoversExtended = program.CoversExtendedLines;
    }

    /// <summary>
    /// Whether the line earns subsidy on <paramref name="date"/> as it stands, budget aside: enrolled, with
    /// principal, nothing overdue (逾期不贴息), inside the programme's dates, and not extended unless the programme
    /// covers extended lines (<see cref="MayEarnSubsidyOn"/>). The close's own step (<see cref="AccrueSubsidy"/>), the
    /// closed form (<see cref="CatchUpSubsidy"/>) and the quiet day (<see cref="QuietSubsidyOn"/>) all ask this.
    /// </summary>
    private bool EarnsSubsidyOn(LocalDate date) => MayEarnSubsidyOn(date) && Principal.IsPositive && !HasOverdue;

    /// <summary>
    /// What <paramref name="baseDays"/> more 积数 of min(principal, cap) add to the accrued subsidy: the difference of
    /// the two accrued figures, so that day after day the sum is the 积数 × rate ÷ 360 exactly, as for interest.
    /// </summary>
    private Money SubsidyAdded(decimal baseDays) =>
        Accrual.Subtract(Accrual.Interest(SubsidyBaseDays + baseDays, SubsidyRate), Accrual.Interest(SubsidyBaseDays, SubsidyRate));

    /// <summary>
    /// The subsidy the line accrues on <paramref name="date"/> when the close does not touch it that day (nothing
    /// happens to it): min(principal, cap) × the subsidy rate ÷ 360, or nothing (<see cref="EarnsSubsidyOn"/>). The
    /// close takes the sum of these for all the programme's quiet lines from the budget in one step
    /// (<see cref="SubsidyProgram.TryGrantQuietDay"/>), and the line brings the day in later, in closed form
    /// (<see cref="CatchUpSubsidy"/>). The close's finish asks the same in SQL.
    /// </summary>
    public Money QuietSubsidyOn(LocalDate date) =>
        EarnsSubsidyOn(date) ? Accrual.Interest(Money.Min(Principal, SubsidyCap).Amount, SubsidyRate) : Money.Zero;

    /// <summary>
    /// The most the line can take from its programme's budget at the close of <paramref name="date"/>, whatever is
    /// posted to it that day: a day's subsidy on its limit (or principal, if more) up to the cap, and a 分 for the
    /// rounding of a billing. The close asks whether the budget has room for this for every line of a programme
    /// (<see cref="SubsidyProgram.ClosesEveryLineOn"/>); the close's plan asks the same in SQL.
    /// </summary>
    public Money SubsidyDayBound(LocalDate date)
    {
        if (SubsidyProgramId is null) return Money.Zero;
        var most = Money.Min(Money.Max(Limit, Principal), SubsidyCap);
        return Accrual.Add(MayEarnSubsidyOn(date) ? Accrual.Interest(most.Amount, SubsidyRate) : Money.Zero, new Money(0.01m));
    }

    /// <summary>
    /// Whether the line could earn subsidy on <paramref name="date"/> were something posted to it that day (a draw,
    /// a repayment of what is overdue): enrolled, inside the programme's dates, and not extended unless the
    /// programme covers extended lines. A programme none of whose lines could needs no line touched for its budget.
    /// </summary>
    public bool MayEarnSubsidyOn(LocalDate date) =>
        SubsidyProgramId is not null && date >= SubsidyStartDate && date <= SubsidyEndDate
        && (!IsExtended || SubsidyCoversExtended);

    /// <summary>
    /// The subsidy of the quiet days <paramref name="first"/> to <paramref name="through"/> in closed form: every
    /// one of them inside the programme's dates earned the same day's subsidy on the same min(principal, cap), in
    /// full. The close took it from the budget at each of those dates (its programme had room for the whole day of
    /// all its lines, or the close would have touched every one of them: docs/subsidies.md), so nothing is taken
    /// here. One ledger event for the days.
    /// </summary>
    private void CatchUpSubsidy(LocalDate first, LocalDate through)
    {
        if (SubsidyProgramId is not { } programId || SubsidyStartDate is not { } start || SubsidyEndDate is not { } end) return;
        if (first < start) first = start;
        if (through > end) through = end;
        if (through < first || !EarnsSubsidyOn(first)) return;
        var days = Period.DaysBetween(first, through) + 1;
        var subsidized = Money.Min(Principal, SubsidyCap);
        var added = subsidized.Amount * days;
        var amount = SubsidyAdded(added);
        if (!amount.IsPositive) return; // a ceiling at or above the line's rate subsidizes nothing
        SubsidyBaseDays += added;
        SubsidyDays += days;
        SubsidyPeriodStart ??= first;
        _subsidyEvents.Add(new SubsidyAccrued(programId, Id, first, subsidized, amount) { Days = days });
    }

    /// <summary>
    /// The day's subsidy at the close of <paramref name="date"/>, on the end-of-day principal, before the
    /// close's own billing: none when something is overdue (逾期不贴息), outside the programme's dates,
    /// on an extended line the programme does not cover, or once the budget is used up.
    /// </summary>
    private void AccrueSubsidy(LocalDate date, ISubsidyBudget budget)
    {
        if (SubsidyProgramId is not { } programId || !EarnsSubsidyOn(date)) return;
        var program = budget.Program(programId);
        var subsidized = Money.Min(Principal, SubsidyCap);
        var wanted = SubsidyAdded(subsidized.Amount);
        if (!wanted.IsPositive) return; // a ceiling at or above the line's rate subsidizes nothing
        var granted = program.Grant(wanted, date);
        if (!granted.IsPositive) return;
        SubsidyBaseDays += subsidized.Amount;
        SubsidyDays++;
        SubsidyPeriodStart ??= date;
        if (granted < wanted) SubsidyAdjustment = Accrual.Subtract(SubsidyAdjustment, Accrual.Subtract(wanted, granted));
        _subsidyEvents.Add(new SubsidyAccrued(programId, Id, date, subsidized, granted));
    }

    /// <summary>
    /// Bills the period's subsidy on <paramref name="date"/>, rounded to 分 by the programme's rule
    /// (<see cref="SubsidyProgram.Bill"/>), and returns it. A period whose subsidy rounds to zero is
    /// recorded too, so that every accrued amount ends in a period.
    /// </summary>
    private Money BillSubsidy(LocalDate date, LocalDate dueDate, ISubsidyBudget budget)
    {
        var accrued = SubsidyAccrued;
        if (SubsidyProgramId is not { } programId || (accrued.IsZero && SubsidyDays == 0)) return Money.Zero;
        var program = budget.Program(programId);
        var billed = program.Bill(accrued, date);
        var period = new SubsidyPeriod(EntryIds.New(), programId, Id, SubsidyPeriodStart ?? date, date, dueDate,
            SubsidyDays, SubsidyBaseDays + SubsidyCarriedBaseDays, SubsidyRate, accrued, billed);
        _subsidyEvents.Add(new SubsidyBilled(programId, Id, date, period));
        _pendingSubsidies.Add(new PendingSubsidy(period.Id, date, dueDate, billed));
        ClearSubsidyAccrual();
        return billed;
    }

    /// <summary>A pending subsidy is earned once no unpaid interest bill of its billing date is left.</summary>
    private void EarnPaidSubsidies(LocalDate businessDate)
    {
        for (var i = _pendingSubsidies.Count - 1; i >= 0; i--)
        {
            var pending = _pendingSubsidies[i];
            if (_bills.Exists(b => b.BilledOn == pending.BilledOn)) continue;
            _pendingSubsidies.RemoveAt(i);
            _subsidyEvents.Add(new SubsidyEarned(SubsidyProgramId!.Value, Id, businessDate, pending.PeriodId, pending.Amount));
        }
    }

    /// <summary>
    /// The interest bill of <paramref name="billedOn"/> went overdue at the close of <paramref name="date"/>:
    /// when the programme forfeits, the period's subsidy returns to the budget and, in 直接贴息, the
    /// borrower now owes it too (added to the overdue bill). Returns what the borrower now owes more.
    /// </summary>
    private Money ForfeitSubsidy(LocalDate billedOn, LocalDate date, ISubsidyBudget budget)
    {
        var index = _pendingSubsidies.FindIndex(p => p.BilledOn == billedOn);
        if (index < 0) return Money.Zero;
        var pending = _pendingSubsidies[index];
        var program = budget.Program(SubsidyProgramId!.Value);
        if (!program.ForfeitOnLatePayment) return Money.Zero;
        _pendingSubsidies.RemoveAt(index);
        program.Release(pending.Amount);
        _subsidyEvents.Add(new SubsidyForfeited(program.Id, Id, date, pending.PeriodId, pending.Amount));
        return SubsidyMode == Subsidies.SubsidyMode.LenderClaims ? pending.Amount : Money.Zero;
    }

    private void ClearSubsidyAccrual()
    {
        SubsidyBaseDays = 0m;
        SubsidyCarriedBaseDays = 0m;
        SubsidyDays = 0;
        SubsidyPeriodStart = null;
        SubsidyAdjustment = Money.Zero;
    }

    /// <summary>Renewal: the enrolment and the accrued subsidy move to the successor with the accrued interest.</summary>
    private void CarrySubsidyTo(CreditLine successor, SubsidyProgram? program, LocalDate businessDate)
    {
        if (SubsidyProgramId is not { } programId) return;
        if (program is null || program.Id != programId)
            throw new InvalidOperationException($"Renewing an enrolled line needs its programme {programId}.");
        var accrued = SubsidyAccrued;
        successor.JoinSubsidy(program);
        successor.SubsidyMode = SubsidyMode; // the mode the accrued part was figured in stays with it
        successor.SubsidyAdjustment = accrued;
        successor.SubsidyDays = SubsidyDays;
        successor.SubsidyBaseDays = 0m;
        successor.SubsidyPeriodStart = SubsidyPeriodStart;
        if (!accrued.IsZero)
        {
            _subsidyEvents.Add(new SubsidyAccrued(programId, Id, businessDate, Money.Zero, -accrued));
            successor._subsidyEvents.Add(new SubsidyAccrued(programId, successor.Id, businessDate, Money.Zero, accrued));
        }
        successor.SubsidyCarriedBaseDays = SubsidyBaseDays + SubsidyCarriedBaseDays;
        ClearSubsidyAccrual();
    }
}

/// <summary>What a line's subsidy did, for the programme's ledger and its claims.</summary>
public abstract record SubsidyEvent(Guid ProgramId, Guid LineId, LocalDate Date);

/// <summary>
/// A day's subsidy on <paramref name="Base"/> (min(principal, cap)), or that of <see cref="Days"/> quiet days from
/// <paramref name="Date"/> on, each the same; negative when a renewal carried it out.
/// </summary>
public sealed record SubsidyAccrued(Guid ProgramId, Guid LineId, LocalDate Date, Money Base, Money Amount)
    : SubsidyEvent(ProgramId, LineId, Date)
{
    /// <summary>The days from <see cref="SubsidyEvent.Date"/> the amount is for, one after the other.</summary>
    public int Days { get; init; } = 1;

    /// <summary>The last of the days.</summary>
    public LocalDate Through => Date.PlusDays(Days - 1);

    /// <summary>What the days from <paramref name="from"/> through <paramref name="to"/> (inclusive) of these accrued: each day the same.</summary>
    public Money Within(LocalDate from, LocalDate to)
    {
        var first = from > Date ? from : Date;
        var last = to < Through ? to : Through;
        if (last < first) return Money.Zero;
        var days = Period.DaysBetween(first, last) + 1;
        return days == Days ? Amount : Accrual.Share(Amount, days, Days);
    }
}

/// <summary>A period's subsidy billed with the interest.</summary>
public sealed record SubsidyBilled(Guid ProgramId, Guid LineId, LocalDate Date, SubsidyPeriod Period)
    : SubsidyEvent(ProgramId, LineId, Date);

/// <summary>The borrower's part of the period was paid: the subsidy is earned (claimable).</summary>
public sealed record SubsidyEarned(Guid ProgramId, Guid LineId, LocalDate Date, Guid PeriodId, Money Amount)
    : SubsidyEvent(ProgramId, LineId, Date);

/// <summary>The borrower's part went overdue: the subsidy is forfeited and returns to the budget.</summary>
public sealed record SubsidyForfeited(Guid ProgramId, Guid LineId, LocalDate Date, Guid PeriodId, Money Amount)
    : SubsidyEvent(ProgramId, LineId, Date);

/// <summary>
/// One billed period of a line's subsidy: from <see cref="PeriodStart"/> (its first subsidized day)
/// to <see cref="BilledOn"/>, <see cref="Days"/> subsidized days on <see cref="BaseDays"/> 积数 at
/// <see cref="AnnualRate"/>; <see cref="Unrounded"/> accrued, <see cref="Amount"/> billed.
/// </summary>
public sealed record SubsidyPeriod(Guid Id, Guid ProgramId, Guid LineId, LocalDate PeriodStart, LocalDate BilledOn,
    LocalDate DueDate, int Days, decimal BaseDays, decimal AnnualRate, Money Unrounded, Money Amount)
{
    /// <summary>Average subsidized principal over the period's days, rounded to 分.</summary>
    public Money AveragePrincipal => Average(BaseDays, Days);

    /// <summary>积数 over days as an average principal, rounded to 分; zero for no days.</summary>
    public static Money Average(decimal baseDays, int days) =>
        days == 0 ? Money.Zero : new Money(baseDays / days).RoundToFen();
}
