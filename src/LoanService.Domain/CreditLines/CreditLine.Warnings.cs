using LoanService.Domain.EarlyWarning;
using NodaTime;

namespace LoanService.Domain.CreditLines;

public sealed partial class CreditLine
{
    /// <summary>
    /// The fate of the last bills, oldest first (<see cref="EarlyWarning.BillRecord"/>), kept parsed: a bill adds
    /// an entry and a decision changes one in place, so the close makes no record and no text for them.
    /// </summary>
    private List<BillEntry> _billEntries = BillRecord.NewEntries();

    /// <summary>
    /// The record as the store keeps it (<see cref="EarlyWarning.BillRecord"/>'s text, which early warning reads in
    /// SQL): written from the entries when the line is saved, and read into them when it is loaded.
    /// </summary>
    private string StoredBillRecord
    {
        get => BillRecord.Write(_billEntries);
        set => _billEntries = BillRecord.ParseEntries(value);
    }

    /// <summary>
    /// The earliest due date among unpaid overdue items; null when nothing is overdue. Days past due on
    /// D is D − this. Stored (the setter only lets the store materialize the line; the value always
    /// follows from the bills) so that early warning can select overdue lines set-based.
    /// </summary>
    public LocalDate? OverdueSince
    {
        get
        {
            LocalDate? earliest = OverduePrincipal.IsPositive ? MaturityDate : null;
            foreach (var bill in _bills)
                if (bill.Overdue && bill.Unpaid.IsPositive && (earliest is null || bill.DueDate < earliest))
                    earliest = bill.DueDate;
            return earliest;
        }
        private set { }
    }

    /// <summary>Overdue principal plus overdue interest, stored for early warning as <see cref="OverdueSince"/> is.</summary>
    public Money OverdueAmount
    {
        get => OverduePrincipal + OverdueInterest;
        private set { }
    }

    /// <summary>The fate of the last bills: paid on time or late (<see cref="EarlyWarning.BillRecord"/>).</summary>
    public BillRecord BillRecord => BillRecord.Of(_billEntries);

    /// <summary>The room the line's list of record entries has (<see cref="BillRecord.Room"/> unless it had to grow).</summary>
    internal int BillRecordRoom => _billEntries.Capacity;

    private void RecordBill(LocalDate billedOn, LocalDate dueDate) =>
        _billEntries.Add(new BillEntry(billedOn, dueDate, BillOutcome.Pending));

    /// <summary>
    /// At the close where a bill turns overdue or would have (its due date plus grace, or maturity), its
    /// fate is decided: late if it is now overdue, on time if it was paid and left the bill list.
    /// </summary>
    private void DecideBills(LocalDate date, ProductSettings settings)
    {
        if (!AnyBillDecided(date, settings)) return; // most closes decide nothing
        BillRecord.Decide(_billEntries, new BillJudge(this, date, settings));
    }

    /// <summary>A pending bill is due at the close of its due date plus grace, or of maturity; late if it is now overdue.</summary>
    private readonly struct BillJudge(CreditLine line, LocalDate date, ProductSettings settings) : BillRecord.IJudge
    {
        public bool IsDue(BillEntry pending) =>
            date >= line.MaturityDate || date >= pending.DueDate.PlusDays(settings.GraceDays);

        public bool IsLate(LocalDate billedOn) => line.IsOverdueBill(billedOn);
    }

    private bool IsOverdueBill(LocalDate billedOn)
    {
        foreach (var bill in _bills)
            if (bill.BilledOn == billedOn && bill.Overdue)
                return true;
        return false;
    }

    /// <summary>Whether the close of <paramref name="date"/> decides a pending bill.</summary>
    private bool AnyBillDecided(LocalDate date, ProductSettings settings)
    {
        var judge = new BillJudge(this, date, settings);
        foreach (var entry in _billEntries)
            if (entry.Outcome == BillOutcome.Pending && judge.IsDue(entry))
                return true;
        return false;
    }
}
