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
/// (<c>LIKE '%L%'</c>): the letters appear nowhere else in it. The line itself keeps the entries parsed,
/// and changes them in place at its closes (<see cref="Decide{TJudge}"/>); the text is written when it is saved.
/// </summary>
public sealed class BillRecord
{
    /// <summary>Decided bills kept: enough for any <see cref="WarningThresholds.LateBillsOutOf"/>.</summary>
    public const int DecidedKept = 5;

    /// <summary>
    /// Room made for a line's entries at once. A line holds at most <see cref="DecidedKept"/> decided entries and,
    /// under any settings (bills at least 28 days apart, due the day after, at most 30 days' grace), two pending.
    /// A close adds its bill before it decides the oldest, and at maturity, between a bill and the decision of the
    /// one before, maturity's own bill joins the two pending: eight at most. A list made this size never grows, so
    /// a line kept in memory is never handed a new array by a close (docs/benchmarks.md).
    /// </summary>
    internal const int Room = 8;

    /// <summary>An empty list of entries with <see cref="Room"/> for a line's record.</summary>
    internal static List<BillEntry> NewEntries() => new(Room);

    private readonly List<BillEntry> _entries;

    private BillRecord(List<BillEntry> entries) => _entries = entries;

    public static readonly BillRecord Empty = new([]);

    public IReadOnlyList<BillEntry> Entries => _entries;

    /// <summary>How many of the last <paramref name="outOf"/> decided bills were late.</summary>
    public int LateAmongLast(int outOf) =>
        _entries.Where(e => e.Outcome != BillOutcome.Pending).TakeLast(outOf).Count(e => e.Outcome == BillOutcome.Late);

    /// <summary>Length of one entry's text: <c>yyyyMMdd</c> billed, <c>yyyyMMdd</c> due, the outcome's letter.</summary>
    private const int EntryLength = 17;

    public override string ToString() => Write(_entries);

    /// <summary>A record of <paramref name="entries"/> as they are now (a copy: the line goes on changing its own).</summary>
    internal static BillRecord Of(List<BillEntry> entries) => entries.Count == 0 ? Empty : new([.. entries]);

    /// <summary>The text of a record of <paramref name="entries"/>, as the store keeps it.</summary>
    internal static string Write(List<BillEntry> entries)
    {
        if (entries.Count == 0) return "";
        foreach (var e in entries)
            if (!HasFourDigitYear(e.BilledOn) || !HasFourDigitYear(e.DueDate)) return WriteByPattern(entries);
        // Written digit by digit into the string itself: NodaTime's patterns and a StringBuilder cost more than
        // the rest of a line's save.
        return string.Create(entries.Count * (EntryLength + 1) - 1, entries, static (text, entries) =>
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var part = text.Slice(i * (EntryLength + 1));
                if (i > 0) text[i * (EntryLength + 1) - 1] = ' ';
                WriteDate(part, entries[i].BilledOn);
                WriteDate(part[8..], entries[i].DueDate);
                part[16] = Letter(entries[i].Outcome);
            }
        });
    }

    private static bool HasFourDigitYear(LocalDate date) => date.Year is >= 1 and <= 9999;

    private static void WriteDate(Span<char> text, LocalDate date)
    {
        WriteDigits(text[..4], date.Year);
        WriteDigits(text.Slice(4, 2), date.Month);
        WriteDigits(text.Slice(6, 2), date.Day);
    }

    private static void WriteDigits(Span<char> text, int value)
    {
        for (var i = text.Length - 1; i >= 0; i--, value /= 10)
            text[i] = (char)('0' + value % 10);
    }

    private static char Letter(BillOutcome outcome) => outcome switch { BillOutcome.OnTime => 'P', BillOutcome.Late => 'L', _ => '?' };

    /// <summary>The text as NodaTime writes it, for a year outside 1–9999.</summary>
    private static string WriteByPattern(List<BillEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(e.BilledOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
                .Append(e.DueDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
                .Append(Letter(e.Outcome));
        }
        return text.ToString();
    }

    public static BillRecord Parse(string? text)
    {
        var entries = ParseEntries(text);
        return entries.Count == 0 ? Empty : new BillRecord(entries);
    }

    /// <summary>The entries of a record's <paramref name="text"/>, in a list of the caller's own.</summary>
    internal static List<BillEntry> ParseEntries(string? text)
    {
        var entries = NewEntries();
        if (string.IsNullOrEmpty(text)) return entries;
        // The parts between spaces, read in place rather than split into strings.
        foreach (var range in text.AsSpan().Split(' '))
        {
            var part = text.AsSpan()[range];
            if (!part.IsEmpty) entries.Add(ReadEntry(part));
        }
        return entries;
    }

    /// <summary>How a close decides pending bills (<see cref="Decide{TJudge}"/>): which are due, and which of those are late.</summary>
    internal interface IJudge
    {
        bool IsDue(BillEntry pending);
        bool IsLate(LocalDate billedOn);
    }

    /// <summary>
    /// Decides in place every pending entry of <paramref name="entries"/> billed on a day that has one that
    /// <paramref name="judge"/> finds due (a day's bills share their fate), late or on time as the judge says of that
    /// day, then leaves out the oldest decided entries beyond <see cref="DecidedKept"/>. Deciding the days one at
    /// a time, leaving them out after each, leaves the same: BillRecordTests compares the two.
    /// </summary>
    internal static void Decide<TJudge>(List<BillEntry> entries, TJudge judge) where TJudge : IJudge
    {
        // A line keeps a handful of entries (the store holds 8 at most): the days fit on the stack.
        Span<LocalDate> dueBilled = entries.Count <= 16 ? stackalloc LocalDate[entries.Count] : new LocalDate[entries.Count];
        var dues = 0;
        foreach (var entry in entries)
            if (entry.Outcome == BillOutcome.Pending && judge.IsDue(entry))
                dueBilled[dues++] = entry.BilledOn;
        if (dues == 0) return;

        var decided = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Outcome == BillOutcome.Pending && dueBilled[..dues].Contains(entry.BilledOn))
                entries[i] = entry = entry with { Outcome = judge.IsLate(entry.BilledOn) ? BillOutcome.Late : BillOutcome.OnTime };
            if (entry.Outcome != BillOutcome.Pending) decided++;
        }

        var dropped = Math.Max(0, decided - DecidedKept);
        if (dropped == 0) return;
        var kept = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Outcome != BillOutcome.Pending && dropped > 0) { dropped--; continue; }
            entries[kept++] = entries[i];
        }
        entries.RemoveRange(kept, entries.Count - kept);
    }

    private static BillEntry ReadEntry(ReadOnlySpan<char> part) =>
        part.Length >= EntryLength && TryReadDate(part[..8], out var billed) && TryReadDate(part[8..16], out var due)
            ? new BillEntry(billed, due, Outcome(part[16]))
            : ParseByPattern(part.ToString());

    private static BillOutcome Outcome(char letter) =>
        letter switch { 'P' => BillOutcome.OnTime, 'L' => BillOutcome.Late, _ => BillOutcome.Pending };

    /// <summary>Eight digits making a date that exists, <c>yyyyMMdd</c>, year 1–9999.</summary>
    private static bool TryReadDate(ReadOnlySpan<char> digits, out LocalDate date)
    {
        date = default;
        var value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        var (year, month, day) = (value / 10000, value / 100 % 100, value % 100);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new LocalDate(year, month, day);
        return true;
    }

    /// <summary>A part the fast reading does not take (not written by <see cref="ToString"/>): read, or refused, as ever.</summary>
    private static BillEntry ParseByPattern(string part)
    {
        var billed = LocalDate.FromDateTime(DateTime.ParseExact(part[..8], "yyyyMMdd", CultureInfo.InvariantCulture));
        var due = LocalDate.FromDateTime(DateTime.ParseExact(part[8..16], "yyyyMMdd", CultureInfo.InvariantCulture));
        return new BillEntry(billed, due, Outcome(part[16]));
    }
}
