using LoanService.Domain.EarlyWarning;
using NodaTime;

namespace LoanService.Domain.CreditLines;

public sealed partial class CreditLine
{
    private string _billRecord = "";

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
    public BillRecord BillRecord => BillRecord.Parse(_billRecord);

    private void RecordBill(LocalDate billedOn, LocalDate dueDate) =>
        _billRecord = BillRecord.Billed(billedOn, dueDate).ToString();

    /// <summary>
    /// At the close where a bill turns overdue or would have (its due date plus grace, or maturity), its
    /// fate is decided: late if it is now overdue, on time if it was paid and left the bill list.
    /// </summary>
    private void DecideBills(LocalDate date, ProductSettings settings)
    {
        if (!_billRecord.Contains('?')) return;
        var record = BillRecord;
        foreach (var entry in record.Entries)
        {
            if (entry.Outcome != BillOutcome.Pending) continue;
            if (!(date >= MaturityDate || date >= entry.DueDate.PlusDays(settings.GraceDays))) continue;
            var late = _bills.Any(b => b.BilledOn == entry.BilledOn && b.Overdue);
            record = record.Decide(entry.BilledOn, late);
        }
        _billRecord = record.ToString();
    }
}
