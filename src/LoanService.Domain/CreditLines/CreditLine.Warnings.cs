using LoanService.Domain.EarlyWarning;
using NodaTime;

namespace LoanService.Domain.CreditLines;

public sealed partial class CreditLine
{
    private string _billRecord = "";

    /// <summary>
    /// <see cref="_billRecord"/> parsed, and the text it was parsed from: the close reads the record several
    /// times a night, and parsing it each time cost more than the rest of a settlement day. Keyed by the very
    /// string, so that a record the store writes into <see cref="_billRecord"/> is parsed afresh.
    /// </summary>
    private ParsedBillRecord? _billRecordParsed;

    /// <summary>One object, so that the text and the record are read and replaced together.</summary>
    private sealed record ParsedBillRecord(string Text, BillRecord Record);

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
    public BillRecord BillRecord
    {
        get
        {
            if (_billRecordParsed is { } parsed && ReferenceEquals(parsed.Text, _billRecord)) return parsed.Record;
            var record = BillRecord.Parse(_billRecord);
            _billRecordParsed = new ParsedBillRecord(_billRecord, record);
            return record;
        }
    }

    /// <summary>Stores <paramref name="record"/> as the line's text, and keeps it parsed.</summary>
    private void KeepBillRecord(BillRecord record)
    {
        _billRecord = record.ToString();
        _billRecordParsed = new ParsedBillRecord(_billRecord, record);
    }

    private void RecordBill(LocalDate billedOn, LocalDate dueDate) =>
        KeepBillRecord(BillRecord.Billed(billedOn, dueDate));

    /// <summary>
    /// At the close where a bill turns overdue or would have (its due date plus grace, or maturity), its
    /// fate is decided: late if it is now overdue, on time if it was paid and left the bill list.
    /// </summary>
    private void DecideBills(LocalDate date, ProductSettings settings)
    {
        if (!_billRecord.Contains('?')) return;
        var record = BillRecord;
        var decided = record;
        var entries = record.Entries;
        for (var i = 0; i < entries.Count; i++) // by index: no enumerator to allocate
        {
            var entry = entries[i];
            if (entry.Outcome != BillOutcome.Pending) continue;
            if (!(date >= MaturityDate || date >= entry.DueDate.PlusDays(settings.GraceDays))) continue;
            decided = decided.Decide(entry.BilledOn, IsOverdueBill(entry.BilledOn));
        }
        // Most closes decide nothing: the record, and its text, stay as they are.
        if (!ReferenceEquals(decided, record)) KeepBillRecord(decided);
    }

    private bool IsOverdueBill(LocalDate billedOn)
    {
        foreach (var bill in _bills)
            if (bill.BilledOn == billedOn && bill.Overdue)
                return true;
        return false;
    }
}
