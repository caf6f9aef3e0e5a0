using System.Globalization;
using System.Text;
using NodaTime;

namespace LoanService.Domain.EarlyWarning;

public enum BillOutcome
{
    /// <summary>Its due date (plus grace) has not passed yet.</summary>
    Pending,
    /// <summary>Paid in full by its due date plus the grace days.</summary>
    OnTime,
    /// <summary>Unpaid, in part or in whole, when its due date plus the grace days closed: it turned overdue.</summary>
    Late,
}

public readonly record struct BillEntry(LocalDate BilledOn, LocalDate DueDate, BillOutcome Outcome);

/// <summary>
/// The fate of a line's last bills, oldest first: those still pending and the last
/// <see cref="DecidedKept"/> decided. Paid bills leave the line's bill list, so whether a bill was
/// paid on time is only known if it is written down when its due date closes; this is that record.
/// Stored as text on the line (<c>yyyyMMdd</c> billed, <c>yyyyMMdd</c> due, then <c>?</c>, <c>P</c> or
/// <c>L</c>, space-separated) so that the close can pre-select lines with late bills in SQL
/// (<c>LIKE '%L%'</c>): the letters appear nowhere else in it.
/// </summary>
public sealed class BillRecord
{
    /// <summary>Decided bills kept: enough for any <see cref="WarningThresholds.LateBillsOutOf"/>.</summary>
    public const int DecidedKept = 5;

    private readonly List<BillEntry> _entries;

    private BillRecord(List<BillEntry> entries) => _entries = entries;

    public static readonly BillRecord Empty = new([]);

    public IReadOnlyList<BillEntry> Entries => _entries;

    /// <summary>A bill made at a close: pending until its due date plus the grace days closes.</summary>
    public BillRecord Billed(LocalDate billedOn, LocalDate dueDate) =>
        new([.. _entries, new BillEntry(billedOn, dueDate, BillOutcome.Pending)]);

    /// <summary>Decides the pending bill made on <paramref name="billedOn"/>, and keeps only the last decided ones.</summary>
    public BillRecord Decide(LocalDate billedOn, bool late)
    {
        var entries = _entries.Select(e => e.BilledOn == billedOn && e.Outcome == BillOutcome.Pending
            ? e with { Outcome = late ? BillOutcome.Late : BillOutcome.OnTime } : e).ToList();
        var decided = entries.Count(e => e.Outcome != BillOutcome.Pending);
        for (var i = 0; decided > DecidedKept && i < entries.Count;)
        {
            if (entries[i].Outcome == BillOutcome.Pending) { i++; continue; }
            entries.RemoveAt(i);
            decided--;
        }
        return new BillRecord(entries);
    }

    /// <summary>How many of the last <paramref name="outOf"/> decided bills were late.</summary>
    public int LateAmongLast(int outOf) =>
        _entries.Where(e => e.Outcome != BillOutcome.Pending).TakeLast(outOf).Count(e => e.Outcome == BillOutcome.Late);

    public bool HasPending => _entries.Any(e => e.Outcome == BillOutcome.Pending);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var e in _entries)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(e.BilledOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
                .Append(e.DueDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
                .Append(e.Outcome switch { BillOutcome.OnTime => 'P', BillOutcome.Late => 'L', _ => '?' });
        }
        return text.ToString();
    }

    public static BillRecord Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Empty;
        var entries = new List<BillEntry>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var billed = LocalDate.FromDateTime(DateTime.ParseExact(part[..8], "yyyyMMdd", CultureInfo.InvariantCulture));
            var due = LocalDate.FromDateTime(DateTime.ParseExact(part[8..16], "yyyyMMdd", CultureInfo.InvariantCulture));
            var outcome = part[16] switch { 'P' => BillOutcome.OnTime, 'L' => BillOutcome.Late, _ => BillOutcome.Pending };
            entries.Add(new BillEntry(billed, due, outcome));
        }
        return new BillRecord(entries);
    }
}
