using System.Runtime.InteropServices;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.CreditLines;

public sealed partial class CreditLine
{
    /// <summary>
    /// 日终: closes <paramref name="date"/> for this line, which must be the day after its last close.
    /// In order: accrue the day's interest and penalty on the end-of-day balances; bill at settlement
    /// or maturity; turn unpaid items overdue; decide the classification for the next business date.
    /// Then it finds the line's next event (<see cref="NextEventDate"/>), with the notices of
    /// <paramref name="cadence"/> (the default cadence when not given).
    /// Returns the journal entries made (none for a closed line or a day that changed nothing).
    /// A line enrolled in a subsidy programme needs the programme in <paramref name="subsidies"/>.
    /// </summary>
    public IReadOnlyList<JournalEntry> CloseDay(LocalDate date, ProductSettings settings,
        ISubsidyBudget? subsidies = null, Notices.NoticeCadence? cadence = null)
    {
        var firstEntry = Close(date, settings, subsidies, cadence);
        // One array of the day's entries, not a List over a copy of them (the close of a million lines makes as many).
        return firstEntry == _pending.Count ? [] : CollectionsMarshal.AsSpan(_pending)[firstEntry..].ToArray();
    }

    /// <summary><see cref="CloseDay"/>, returning the index in <see cref="PendingJournal"/> of the first entry the day made.</summary>
    private int Close(LocalDate date, ProductSettings settings, ISubsidyBudget? subsidies, Notices.NoticeCadence? cadence)
    {
        if (date <= LastClosedDate)
            throw new DomainException(ErrorCodes.CloseAlreadyClosed,
                $"The line has already been closed for {date:yyyy-MM-dd}.");
        if (date != LastClosedDate.PlusDays(1))
            throw new DomainException(ErrorCodes.CloseOutOfOrder,
                $"The line's next close is {LastClosedDate.PlusDays(1):yyyy-MM-dd}, not {date:yyyy-MM-dd}.");

        // A catch-up's accrual entry just before is merged into this day's: it is returned as the day's.
        var firstEntry = _caughtUp > 0 && _caughtUp == _pending.Count ? _pending.Count - 1 : _pending.Count;
        if (IsOpen)
        {
            // Each step hands on the balances it left (null when unknown), so the next need not recompute them.
            var budget = subsidies ?? SubsidyBudget.None;
            var balances = Accrue(date, budget);
            balances = Bill(date, settings, balances, budget);
            TurnOverdue(date, settings, balances, budget);
            DecideBills(date, settings);
            SettleStatus(date, budget);
            Classify(date, settings);
        }
        LastClosedDate = date;
        NextEventDate = NextEvent(settings, cadence ?? Notices.NoticeCadence.Default);
        return firstEntry;
    }

    private Balances? Accrue(LocalDate date, ISubsidyBudget subsidies)
    {
        // The balances as the day ends, before its accrual: the accrual moves only the two accrued figures of them.
        var now = Balances;
        var overdueBase = now.OverduePrincipal + now.OverdueInterest;
        if (now.Principal.IsZero && overdueBase.IsZero)
        {
            AccruedThrough = date; // nothing accrues on nothing
            return null;
        }
        Balances before;
        if (_held is { IsHeld: true } held)
        {
            // The quiet days a catch-up held back and this day make one accrual, held back in turn.
            before = held.Before;
            held.IsHeld = false;
        }
        else if (_caughtUp > 0 && _caughtUp == _pending.Count)
        {
            // The quiet days a catch-up just added and this day make one accrual entry.
            var quiet = _pending[^1];
            _pending.RemoveAt(_pending.Count - 1);
            JournalSequence--;
            before = quiet.After - quiet.Change;
        }
        else
        {
            before = now;
        }
        _caughtUp = 0;
        // One day, unless an event-driven close left days since the last event to bring in with it (then
        // the line is in no subsidy programme: an enrolled line's quiet days come in through CatchUp).
        var days = Period.DaysBetween(AccruedThrough, date);
        InterestBalanceDays += Principal.Amount * days;
        PenaltyBalanceDays += overdueBase.Amount * days;
        AccruedThrough = date;
        if (SubsidyProgramId is not null) AccrueSubsidy(date, subsidies);
        var after = now with { AccruedInterest = AccruedInterest, PenaltyInterest = PenaltyInterest };
        var amount = (after.AccruedInterest - before.AccruedInterest) + (after.PenaltyInterest - before.PenaltyInterest);
        if (_held is { } hold) hold.Hold(date, amount, after - before, after, caughtUp: false);
        else Record(date, JournalEntryKind.Accrual, amount, before, after);
        return after;
    }

    /// <summary>
    /// At settlement, or at maturity, the interest accrued since the last billing is billed, rounded to
    /// 分, with the period's subsidy; in 直接贴息 the borrower's bill is the interest less the subsidy.
    /// </summary>
    private Balances? Bill(LocalDate date, ProductSettings settings, Balances? current, ISubsidyBudget subsidies)
    {
        var atMaturity = date == MaturityDate;
        if (!atMaturity && !(settings.IsSettlementDay(date) && date < MaturityDate)) return current;
        // The balances handed on hold the accrued interest: the gross itself outside 直接贴息 (nothing taken off it).
        var gross = current is { } known && SubsidyMode != Subsidies.SubsidyMode.LenderClaims
            ? known.AccruedInterest
            : GrossAccruedInterest;
        if (gross.IsZero && SubsidyAccrued.IsZero)
        {
            ClearAccruedInterest();
            return null;
        }

        var before = current ?? Balances;
        var dueDate = atMaturity ? date : date.PlusDays(1);
        var subsidy = BillSubsidy(date, dueDate, subsidies);
        var billed = gross.RoundToFen() - (SubsidyMode == Subsidies.SubsidyMode.LenderClaims ? subsidy : Money.Zero);
        ClearAccruedInterest();
        var billedInterest = before.BilledInterest;
        if (billed.IsPositive)
        {
            _bills.Add(new InterestBill(date, dueDate, billed, Overdue: false));
            RecordBill(date, dueDate);
            billedInterest += billed; // the bills' sum with the new one last, as BilledInterest adds them
        }
        // Billing moves the accrued interest into a bill; nothing else changes.
        var after = Record(date, JournalEntryKind.InterestBilled, billed, before,
            before with { AccruedInterest = AccruedInterest, BilledInterest = billedInterest }).After;
        if (_pendingSubsidies.Count > 0) EarnPaidSubsidies(date); // nothing left for the borrower to pay: earned now
        return after;
    }

    /// <summary>
    /// A bill unpaid at the close of its due date plus the grace days turns overdue; at the close of
    /// the maturity date every unpaid principal and interest does.
    /// </summary>
    private void TurnOverdue(LocalDate date, ProductSettings settings, Balances? current, ISubsidyBudget subsidies)
    {
        var atOrAfterMaturity = date >= MaturityDate;
        if (!(atOrAfterMaturity && Principal.IsPositive) && !AnyBillTurnsOverdue(date, settings, atOrAfterMaturity))
            return; // nothing turns: no change and no entry, so the balances need not be computed

        var before = current ?? Balances;
        var turned = Money.Zero;
        List<(int Bill, Money Amount)>? forfeited = null;
        for (var i = 0; i < _bills.Count; i++)
        {
            var bill = _bills[i];
            if (bill.Overdue || !(atOrAfterMaturity || date >= bill.DueDate.PlusDays(settings.GraceDays))) continue;
            _bills[i] = bill.TurnOverdue();
            turned += bill.Unpaid;
            if (_pendingSubsidies.Count > 0 && ForfeitSubsidy(bill.BilledOn, date, subsidies) is { IsPositive: true } owed)
                (forfeited ??= []).Add((i, owed));
        }
        if (atOrAfterMaturity && Principal.IsPositive)
        {
            turned += Principal;
            OverduePrincipal += Principal;
            Principal = Money.Zero;
        }
        if (turned.IsPositive)
            Record(date, JournalEntryKind.TurnedOverdue, turned, before);
        foreach (var (index, owed) in forfeited ?? NoneForfeited)
        {
            // 直接贴息 forfeited: the borrower owes the full interest of the period, overdue with its bill.
            var beforeForfeit = Balances;
            _bills[index] = _bills[index].Pay(-owed);
            Record(date, JournalEntryKind.SubsidyForfeited, owed, beforeForfeit);
        }
    }

    /// <summary>Shared, so that a close that forfeits nothing makes no empty list to loop over.</summary>
    private static readonly List<(int Bill, Money Amount)> NoneForfeited = [];

    private bool AnyBillTurnsOverdue(LocalDate date, ProductSettings settings, bool atOrAfterMaturity)
    {
        foreach (var bill in _bills)
            if (!bill.Overdue && (atOrAfterMaturity || date >= bill.DueDate.PlusDays(settings.GraceDays)))
                return true;
        return false;
    }

    private void SettleStatus(LocalDate date, ISubsidyBudget subsidies)
    {
        if (date < MaturityDate) return;
        if (PayoffOn(date.PlusDays(1), subsidies).Amount.IsZero)
        {
            Status = CreditLineStatus.Closed;
            return;
        }
        if (Status is CreditLineStatus.Active or CreditLineStatus.Frozen or CreditLineStatus.Extended)
            Status = CreditLineStatus.Matured;
    }

    /// <summary>
    /// Classification for the next business date (docs/rules.md §7): by days past due, except that a line
    /// that reached 次级 or worse keeps its worst class until six calendar months after the first
    /// close that found nothing overdue; an extended line is at least the configured floor.
    /// </summary>
    private void Classify(LocalDate date, ProductSettings settings)
    {
        var next = date.PlusDays(1);
        var byDaysPastDue = ClassificationRules.ForDaysPastDue(DaysPastDueOn(next));
        Classification decided;
        if (HeldClassification is { } held)
        {
            if (HasOverdue)
            {
                CuredSince = null;
                HeldClassification = decided = ClassificationRules.Worse(held, byDaysPastDue);
            }
            else
            {
                CuredSince ??= date;
                if (next >= CuredSince.Value.PlusMonths(6))
                {
                    HeldClassification = null;
                    CuredSince = null;
                    decided = byDaysPastDue;
                }
                else
                {
                    decided = held;
                }
            }
        }
        else
        {
            decided = byDaysPastDue;
            if (decided >= Classification.Substandard)
                HeldClassification = decided;
        }
        if (IsExtended)
            decided = ClassificationRules.Worse(decided, settings.ExtendedClassificationFloor);
        if (decided == Classification) return; // most closes: no change, nothing allocated
        (_classificationChanges ??= []).Add(new ClassificationChange(Id, next, Classification, decided));
        Classification = decided;
    }

    /// <summary>
    /// Changes of class made since they were last taken with <see cref="TakeClassificationChanges"/>, oldest
    /// first; the list is made at the first change, so a close that changes nothing allocates nothing.
    /// </summary>
    private List<ClassificationChange>? _classificationChanges;

    /// <summary>Changes of class made since they were last taken with <see cref="TakeClassificationChanges"/>.</summary>
    public IReadOnlyList<ClassificationChange> PendingClassificationChanges =>
        (IReadOnlyList<ClassificationChange>?)_classificationChanges ?? [];

    /// <summary>Hands over the changes of class made since the last call, and forgets them.</summary>
    public IReadOnlyList<ClassificationChange> TakeClassificationChanges()
    {
        if (_classificationChanges is not { Count: > 0 }) return [];
        var taken = _classificationChanges.ToArray();
        _classificationChanges.Clear();
        return taken;
    }
}
