using System.Runtime.InteropServices;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.CreditLines;

/// <summary>
/// The event-driven close (docs/domain.md, "A close that costs what happens"). Between two events a
/// line's 积数 grow by the same balance every day, so a night on which nothing happens to the line
/// needs no work on it: the close touches a line only on its <see cref="NextEventDate"/>, and
/// <see cref="CloseDay"/> or <see cref="CatchUp"/> then adds the quiet days since its last close in
/// one step, principal × days, exactly what as many nightly closes would have added.
/// </summary>
public sealed partial class CreditLine
{
    /// <summary>
    /// The first business date whose close must touch this line: a bill, an item turning overdue, a
    /// days-past-due crossing that changes its class or sends a notice, a reminder, the end of a held
    /// class, or a posting. Every date after <see cref="LastClosedDate"/> and before this one is quiet:
    /// closing it would change nothing but the 积数. Null for a line that is no longer open.
    /// </summary>
    public LocalDate? NextEventDate { get; private set; }

    /// <summary>
    /// The last date whose accrual the 积数 hold. The same as <see cref="LastClosedDate"/>, except after a
    /// close that found only a notice or a change of class for the line: that close left the 积数 as the
    /// last event did, and the days since are brought in, in closed form, by the next event or read.
    /// </summary>
    public LocalDate AccruedThrough { get; private set; }

    /// <summary>
    /// Brings the line to the close of the day before <paramref name="businessDate"/>, adding the quiet
    /// days since <see cref="AccruedThrough"/> in closed form (balance × days, and so the subsidy), with one accrual entry for
    /// them, which the next entry made takes in: what the line owes then reads as the nightly closes would
    /// have left it, and no figure as of <paramref name="businessDate"/> changes. A posting calls it first.
    /// Refused when one of those days is an event whose close has not yet run for this line.
    /// </summary>
    public void CatchUp(LocalDate businessDate)
    {
        var through = businessDate.PlusDays(-1);
        if (!MayCatchUp(businessDate, through)) return;
        var overdueBase = OverduePrincipal + OverdueInterest;
        var nextEvent = NextEventDate;
        if (Principal.IsPositive || overdueBase.IsPositive)
        {
            var days = Period.DaysBetween(AccruedThrough, through);
            var before = Balances;
            InterestBalanceDays += Principal.Amount * days;
            PenaltyBalanceDays += overdueBase.Amount * days;
            CatchUpSubsidy(AccruedThrough.PlusDays(1), through);
            var after = Balances;
            var amount = (after.AccruedInterest - before.AccruedInterest) + (after.PenaltyInterest - before.PenaltyInterest);
            if (_held is { } held)
            {
                held.Hold(through, amount, after - before, after, caughtUp: true);
            }
            else
            {
                Record(through, JournalEntryKind.Accrual, amount, before, after);
                _caughtUp = _pending.Count;
            }
        }
        AccruedThrough = through;
        if (through > LastClosedDate) LastClosedDate = through;
        NextEventDate = nextEvent;
    }

    /// <summary>
    /// Whether <see cref="CatchUp"/> to <paramref name="businessDate"/> has quiet days to bring in (the days
    /// through <paramref name="through"/>, the day before); refused when one of them is an event whose close
    /// has not run for this line.
    /// </summary>
    private bool MayCatchUp(LocalDate businessDate, LocalDate through)
    {
        if (through <= AccruedThrough || !IsOpen) return false;
        if (through > LastClosedDate && (NextEventDate is not { } next || next <= through))
            throw new DomainException(ErrorCodes.BusinessDateMismatch,
                $"The line's close of {NextEventDate ?? LastClosedDate.PlusDays(1):yyyy-MM-dd} has not run yet, so its open business date is not {businessDate:yyyy-MM-dd}.");
        return true;
    }

    /// <summary>
    /// The line as it reads on <paramref name="businessDate"/>: this line when its 积数 are up to date,
    /// otherwise a copy brought up to date with <see cref="CatchUp"/>, for reading only.
    /// </summary>
    public CreditLine ViewOn(LocalDate businessDate)
    {
        if (!IsOpen || businessDate.PlusDays(-1) <= AccruedThrough) return this;
        var view = (CreditLine)MemberwiseClone();
        view._bills = [.. _bills];
        view._billEntries = [.. _billEntries];
        view._pendingSubsidies = [.. _pendingSubsidies];
        view._pending = [];
        view._subsidyEvents = [];
        view._classificationChanges = null; // the view's own (none), not this line's pending changes
        view.CatchUp(businessDate);
        return view;
    }

    /// <summary>
    /// The close of <paramref name="date"/> for a line the close selected (its <see cref="NextEventDate"/>
    /// has come): brings in the quiet days, closes the date and plans its notices with
    /// <paramref name="cadence"/>. The journal holds events, not nights:
    /// <list type="bullet">
    /// <item>the interest accrued since the last entry goes into the first entry the date makes (a bill, an
    /// item turning overdue), as its <see cref="JournalEntry.Accrued"/>;</item>
    /// <item>a date that made no entry but its accrual (a notice, a change of class, a bill's fate decided)
    /// keeps what it decided, but not the accrual: the 积数 stay as the last event left them, and
    /// <see cref="AccruedThrough"/> with them.</item>
    /// </list>
    /// Either way the line's figures on any later date are what the nightly close would give.
    /// </summary>
    public IReadOnlyList<PlannedNotice> CloseEventDay(LocalDate date, ProductSettings settings, NoticeCadence cadence,
        ISubsidyBudget? subsidies = null)
    {
        var quiet = new QuietState(this);
        // The close's accrual is held back rather than made and then folded away (unless a catch-up's entry
        // already ends the journal: that one is merged as the nightly close merges it).
        var held = _caughtUp == 0 ? HeldAccrual.Take() : null;
        _held = held;
        IReadOnlyList<PlannedNotice> notices;
        try
        {
            // A line in no programme whose accrual is held needs no catch-up of its own: the day's accrual
            // (Accrue) brings in the quiet days with the date, balance × days, as one held accrual either way.
            if (held is not null && SubsidyProgramId is null) SkipQuietDays(date);
            else CatchUp(date);
            Close(date, settings, subsidies, cadence); // the day's entries are in the journal: no copy of them is wanted
            notices = NoticePlanner.AfterClose(this, date, settings, cadence, subsidies);
        }
        catch
        {
            // Refused part way: the journal as if nothing had been held.
            _held = null;
            if (held is { IsHeld: true }) MakeHeldAccrual(held, asRecorded: true);
            throw;
        }
        _held = null;
        // An enrolled line keeps the day's accrual even when nothing else happened: its subsidy took the day from
        // the budget, which a restore of the 积数 would not give back.
        if (SubsidyProgramId is null && quiet.OnlyAccrued(this)) quiet.Restore(this);
        else if (held is { IsHeld: true }) MakeHeldAccrual(held, asRecorded: false); // no entry came to take it in
        else FoldAccrual(quiet.PendingBefore);
        if (held is not null) HeldAccrual.Return(held);
        return notices;
    }

    /// <summary>
    /// <see cref="CloseEventDay(LocalDate, ProductSettings, NoticeCadence, ISubsidyBudget?)"/>, handing the line's
    /// journal entries to <paramref name="journal"/> (appended, oldest first) instead of keeping them pending: what
    /// was pending, then what the close made, as <see cref="TakePendingJournal"/> right after would hand them over.
    /// The line never holds the close's entries, so a line kept in memory for a long time (and moved to the
    /// collector's old generation) is not written a reference to each new entry, which the collector would then
    /// have to visit at its next young collection (docs/benchmarks.md). Refused part way, the entries made so far
    /// are left pending on the line, as the other overload leaves them, and <paramref name="journal"/> is as it was.
    /// </summary>
    public IReadOnlyList<PlannedNotice> CloseEventDay(LocalDate date, ProductSettings settings, NoticeCadence cadence,
        ISubsidyBudget? subsidies, List<JournalEntry> journal)
    {
        var own = _pending;
        if (own.Count > 0)
        {
            // A catch-up's entry may be pending, which the close's first entry takes in: close on the line's own list.
            var notices = CloseEventDay(date, settings, cadence, subsidies);
            journal.AddRange(TakePendingJournal());
            return notices;
        }
        var start = journal.Count;
        _pending = journal; // every index the close keeps (a catch-up's entry, the first entry of the day) is into this list
        try
        {
            return CloseEventDay(date, settings, cadence, subsidies);
        }
        catch
        {
            own.AddRange(CollectionsMarshal.AsSpan(journal)[start..]);
            _caughtUp = _caughtUp > start ? _caughtUp - start : 0;
            journal.RemoveRange(start, journal.Count - start);
            throw;
        }
        finally
        {
            _pending = own;
            if (own.Count == 0) _caughtUp = 0; // handed over, as TakePendingJournal leaves it
        }
    }

    /// <summary>
    /// Moves the line's close on to the day before <paramref name="date"/> and leaves the quiet days' 积数
    /// for the close's accrual to bring in, with the day's (the same amounts <see cref="CatchUp"/> would add).
    /// </summary>
    private void SkipQuietDays(LocalDate date)
    {
        var through = date.PlusDays(-1);
        if (MayCatchUp(date, through) && through > LastClosedDate) LastClosedDate = through;
    }

    /// <summary>
    /// Makes the accrual entry <paramref name="held"/> stood for, as <c>Record</c> would have made it then;
    /// <paramref name="asRecorded"/> also sets the next event as that <c>Record</c> did (the close had not yet).
    /// </summary>
    private void MakeHeldAccrual(HeldAccrual held, bool asRecorded)
    {
        _pending.Add(new JournalEntry(EntryIds.New(), Id, ++JournalSequence, held.Date, JournalEntryKind.Accrual,
            held.Amount, held.Change, held.After) { Accrued = Money.Zero });
        held.IsHeld = false;
        if (held.CaughtUp) _caughtUp = _pending.Count; // CatchUp restored the next event itself
        else if (asRecorded) NextEventDate = IsOpen ? LastClosedDate.PlusDays(1) : null;
    }

    /// <summary>
    /// An accrual entry the event-driven close has not made (yet): the quiet days of its catch-up, then the
    /// day's accrual with them. The first entry the close makes takes it in (<c>Record</c>); a close
    /// that made none undoes it with the 积数 or, when it changed something else, makes it at the end.
    /// Holding it saves making an entry, and a copy of the next one, only to fold the first into the second.
    /// Set on <see cref="_held"/> during <see cref="CloseEventDay(LocalDate, ProductSettings, NoticeCadence, ISubsidyBudget?)"/> only; one per thread, reused.
    /// </summary>
    private sealed class HeldAccrual
    {
        [ThreadStatic] private static HeldAccrual? _free;

        public bool IsHeld { get; set; }
        public bool CaughtUp { get; private set; }
        public LocalDate Date { get; private set; }
        public Money Amount { get; private set; }
        public Balances Change { get; private set; }
        public Balances After { get; private set; }

        /// <summary>The balances before the held days, worked out as a merge of its entry would (after − change).</summary>
        public Balances Before => After - Change;

        public static HeldAccrual Take()
        {
            var held = _free ?? new HeldAccrual();
            _free = null;
            held.IsHeld = false;
            return held;
        }

        public static void Return(HeldAccrual held) => _free = held;

        public void Hold(LocalDate date, Money amount, Balances change, Balances after, bool caughtUp)
        {
            (Date, Amount, Change, After, CaughtUp, IsHeld) = (date, amount, change, after, caughtUp, true);
        }
    }

    /// <summary>An accrual entry at <paramref name="index"/> followed by another entry goes into that entry.</summary>
    private void FoldAccrual(int index)
    {
        if (index + 1 >= _pending.Count || _pending[index].Kind != JournalEntryKind.Accrual) return;
        var accrual = _pending[index];
        _pending.RemoveAt(index);
        for (var i = index; i < _pending.Count; i++)
        {
            var entry = _pending[i];
            _pending[i] = i == index
                ? entry with { Sequence = entry.Sequence - 1, Change = entry.Change + accrual.Change, Accrued = entry.Accrued + accrual.Amount }
                : entry with { Sequence = entry.Sequence - 1 };
        }
        JournalSequence--;
    }

    /// <summary>What a close that only accrues changes in the 积数 and the journal, so that it can be undone (<see cref="CloseEventDay(LocalDate, ProductSettings, NoticeCadence, ISubsidyBudget?)"/>).</summary>
    private readonly struct QuietState(CreditLine line)
    {
        private readonly decimal _interestBalanceDays = line.InterestBalanceDays;
        private readonly decimal _penaltyBalanceDays = line.PenaltyBalanceDays;
        private readonly LocalDate _accruedThrough = line.AccruedThrough;
        private readonly int _journalSequence = line.JournalSequence;
        private readonly Money _interestCarried = line.InterestCarried;
        private readonly Money _interestPaidAhead = line.InterestPaidAhead;

        public int PendingBefore { get; } = line._pending.Count;

        /// <summary>The close made no entry but accrual, and touched nothing the 积数 go with.</summary>
        public bool OnlyAccrued(CreditLine line)
        {
            if (line.InterestCarried != _interestCarried || line.InterestPaidAhead != _interestPaidAhead) return false;
            for (var i = PendingBefore; i < line._pending.Count; i++)
                if (line._pending[i].Kind != JournalEntryKind.Accrual) return false;
            return true;
        }

        public void Restore(CreditLine line)
        {
            line.InterestBalanceDays = _interestBalanceDays;
            line.PenaltyBalanceDays = _penaltyBalanceDays;
            line.AccruedThrough = _accruedThrough;
            line.JournalSequence = _journalSequence;
            line._pending.RemoveRange(PendingBefore, line._pending.Count - PendingBefore);
            line._caughtUp = 0;
        }
    }

    /// <summary>
    /// After a close: the next date whose close must touch the line, with the notices of
    /// <paramref name="cadence"/>. A line in a subsidy programme has no events of its own for the subsidy:
    /// it accrues in closed form inside the programme's dates, and the close touches all the programme's
    /// lines on a day its budget might not cover (docs/subsidies.md).
    /// </summary>
    private LocalDate? NextEvent(ProductSettings settings, NoticeCadence cadence)
    {
        if (!IsOpen) return null;
        var after = LastClosedDate;
        var tomorrow = after.PlusDays(1);
        // A held class whose cure starts at the next close: the next night.
        if (HeldClassification is not null && !HasOverdue && CuredSince is null)
            return tomorrow;

        var next = MaturityDate > after ? MaturityDate : LocalDate.MaxIsoValue;
        void Consider(LocalDate date)
        {
            if (date > after && date < next) next = date;
        }

        // Settlement (billing, or clearing what accrued) and the reminder N days before its due date: the same
        // dates for every line the close touches, so worked out once a close (SettlementCalendar).
        var calendar = SettlementCalendar.For(settings, after);
        Consider(calendar.NextSettlement);
        if (Principal.IsPositive)
        {
            var (remindFor, remindOn) = calendar.Reminder(cadence.InterestReminderDaysBefore);
            if (remindFor < MaturityDate) Consider(remindOn);
        }

        // Bills turning overdue, and the bill record's decisions at the same dates. A date no earlier than the
        // earliest found so far cannot be the next event, and due + grace is no earlier than due: such a bill is
        // passed over without working out its date.
        var graceAhead = settings.GraceDays >= 0;
        foreach (var bill in _bills)
            if (!bill.Overdue && (bill.DueDate < next || !graceAhead))
                Consider(bill.DueDate.PlusDays(settings.GraceDays));
        foreach (var entry in _billEntries)
            if (entry.Outcome == EarlyWarning.BillOutcome.Pending && (entry.DueDate < next || !graceAhead))
                Consider(entry.DueDate.PlusDays(settings.GraceDays));

        if (Principal.IsPositive || OverduePrincipal.IsPositive)
        {
            // The reminders' closes are maturity − days − 1; when even the earliest of them is no earlier than the
            // earliest date found so far, none is the next event. By index here and below: a foreach over an
            // IReadOnlyList allocates its enumerator, every line-day.
            var reminders = cadence.MaturityReminderDaysBefore;
            var mostDays = 0;
            for (var i = 0; i < reminders.Count; i++) mostDays = Math.Max(mostDays, reminders[i]);
            if (reminders.Count > 0 && (next == LocalDate.MaxIsoValue || MaturityDate < next.PlusDays(mostDays + 1)))
                for (var i = 0; i < reminders.Count; i++)
                    Consider(MaturityDate.PlusDays(-reminders[i] - 1));
        }

        // Days past due on the date after a close of D is D + 1 − since: the close of since + t − 1
        // decides the class and the notices of day t.
        if (OverdueSince is { } since)
        {
            var bandStarts = ClassificationRules.BandStarts;
            for (var i = 0; i < bandStarts.Count; i++)
                Consider(since.PlusDays(bandStarts[i] - 1));
            var notices = cadence.OverdueNoticeDaysPastDue;
            for (var i = 0; i < notices.Count; i++)
                Consider(since.PlusDays(notices[i] - 1));
        }

        // The held class ends at the close of the day before six months after the cure.
        if (HeldClassification is not null && CuredSince is { } cured)
            Consider(cured.PlusMonths(6).PlusDays(-1));
        return next;
    }

    /// <summary>
    /// The settlement dates a line's next event looks at after the close of a date: the next settlement day, and for
    /// a reminder N days before the due date (the day after a settlement day), the settlement it is for and the close
    /// that plans it. They depend on the settings and the date alone, so a close works them out once for all the
    /// lines it touches, each cooperative's N at its first line: the last date's calendar is kept, one per thread.
    /// </summary>
    private sealed class SettlementCalendar
    {
        [ThreadStatic] private static SettlementCalendar? _last;

        private readonly ProductSettings _settings;
        private readonly LocalDate _after;

        /// <summary>By N, 1–15 as a cadence allows (others are worked out each time); default until asked.</summary>
        private readonly (LocalDate RemindFor, LocalDate RemindOn)[] _reminders = new (LocalDate, LocalDate)[16];

        private SettlementCalendar(ProductSettings settings, LocalDate after) =>
            (_settings, _after, NextSettlement) = (settings, after, NextSettlementDay(settings, after));

        public LocalDate NextSettlement { get; }

        // The same settings object (settings never change once made), so no comparison of their values.
        public static SettlementCalendar For(ProductSettings settings, LocalDate after) =>
            _last is { } last && ReferenceEquals(last._settings, settings) && last._after == after
                ? last
                : _last = new SettlementCalendar(settings, after);

        public (LocalDate RemindFor, LocalDate RemindOn) Reminder(int daysBefore)
        {
            if ((uint)daysBefore >= (uint)_reminders.Length) return WorkOut(daysBefore);
            ref var kept = ref _reminders[daysBefore];
            if (kept.RemindFor == default) kept = WorkOut(daysBefore); // no settlement day is 0001-01-01
            return kept;
        }

        private (LocalDate, LocalDate) WorkOut(int daysBefore)
        {
            var remindFor = NextSettlementDay(_settings, _after.PlusDays(daysBefore));
            return (remindFor, remindFor.PlusDays(-daysBefore));
        }
    }

    /// <summary>The first settlement day after <paramref name="after"/> (before maturity or not).</summary>
    private static LocalDate NextSettlementDay(ProductSettings settings, LocalDate after)
    {
        var candidate = new LocalDate(after.Year, after.Month, settings.SettlementDay);
        if (candidate <= after) candidate = candidate.PlusMonths(1);
        while (!settings.IsSettlementDay(candidate)) candidate = candidate.PlusMonths(1);
        return candidate;
    }
}
