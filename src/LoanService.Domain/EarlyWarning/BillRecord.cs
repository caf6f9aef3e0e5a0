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
        // Loops, not LINQ, and the oldest decided bills left out rather than removed: the close decides a
        // bill on every line at its due date plus grace.
        var decided = 0;
        foreach (var e in _entries)
            if (e.Outcome != BillOutcome.Pending || e.BilledOn == billedOn)
                decided++;
        var dropped = Math.Max(0, decided - DecidedKept);
        var entries = new List<BillEntry>(_entries.Count - dropped);
        foreach (var e in _entries)
        {
            var entry = e.BilledOn == billedOn && e.Outcome == BillOutcome.Pending
                ? e with { Outcome = late ? BillOutcome.Late : BillOutcome.OnTime }
                : e;
            if (entry.Outcome != BillOutcome.Pending && dropped > 0) dropped--;
            else entries.Add(entry);
        }
        return new BillRecord(entries);
    }

    /// <summary>How many of the last <paramref name="outOf"/> decided bills were late.</summary>
    public int LateAmongLast(int outOf) =>
        _entries.Where(e => e.Outcome != BillOutcome.Pending).TakeLast(outOf).Count(e => e.Outcome == BillOutcome.Late);

    public bool HasPending => _entries.Any(e => e.Outcome == BillOutcome.Pending);

    /// <summary>Length of one entry's text: <c>yyyyMMdd</c> billed, <c>yyyyMMdd</c> due, the outcome's letter.</summary>
    private const int EntryLength = 17;

    public override string ToString()
    {
        if (_entries.Count == 0) return "";
        foreach (var e in _entries)
            if (!HasFourDigitYear(e.BilledOn) || !HasFourDigitYear(e.DueDate)) return ToStringByPattern();
        // Written digit by digit into the string itself: NodaTime's patterns and a StringBuilder cost more than
        // the rest of the settlement day's close, and the text is written each time a bill is made or decided.
        return string.Create(_entries.Count * (EntryLength + 1) - 1, _entries, static (text, entries) =>
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
    private string ToStringByPattern()
    {
        var text = new StringBuilder();
        foreach (var e in _entries)
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
        if (string.IsNullOrEmpty(text)) return Empty;
        var entries = new List<BillEntry>();
        // The parts between spaces, read in place rather than split into strings.
        foreach (var range in text.AsSpan().Split(' '))
        {
            var part = text.AsSpan()[range];
            if (!part.IsEmpty) entries.Add(ReadEntry(part));
        }
        return new BillRecord(entries);
    }

    /// <summary>
    /// The text of <c>Parse(text).Billed(billedOn, dueDate)</c>. A text as <see cref="ToString"/> writes it (the
    /// only kind the service stores) gets the new entry written after it, so that a bill costs one string, not a
    /// record parsed, a record with the bill and its text written anew.
    /// </summary>
    internal static string Billed(string text, LocalDate billedOn, LocalDate dueDate)
    {
        if (!IsAsWritten(text) || !HasFourDigitYear(billedOn) || !HasFourDigitYear(dueDate))
            return Parse(text).Billed(billedOn, dueDate).ToString();
        return string.Create(text.Length == 0 ? EntryLength : text.Length + 1 + EntryLength, (text, billedOn, dueDate),
            static (written, bill) =>
            {
                bill.text.AsSpan().CopyTo(written);
                if (bill.text.Length > 0) written[bill.text.Length] = ' ';
                var entry = written[^EntryLength..];
                WriteDate(entry, bill.billedOn);
                WriteDate(entry[8..], bill.dueDate);
                entry[16] = Letter(BillOutcome.Pending);
            });
    }

    /// <summary>
    /// Whether <paramref name="text"/> is exactly what <see cref="ToString"/> writes for its <see cref="Parse"/>:
    /// entries of two existing dates and one of the three letters, one space apart.
    /// </summary>
    private static bool IsAsWritten(string text)
    {
        if ((text.Length + 1) % (EntryLength + 1) != 0) return text.Length == 0;
        for (var at = 0; at < text.Length; at += EntryLength + 1)
        {
            var entry = text.AsSpan(at, EntryLength);
            if (!TryReadDate(entry[..8], out _) || !TryReadDate(entry[8..16], out _) || entry[16] is not ('?' or 'P' or 'L'))
                return false;
            if (at + EntryLength < text.Length && text[at + EntryLength] != ' ') return false;
        }
        return true;
    }

    /// <summary>How a close decides pending bills (<see cref="Decided"/>): which are due, and which of those are late.</summary>
    internal interface IJudge
    {
        bool IsDue(BillEntry pending);
        bool IsLate(LocalDate billedOn);
    }

    /// <summary>Longest text <see cref="Decided"/> works on in place (a stack buffer); a longer one is parsed.</summary>
    private const int LongestDecidedInPlace = 512;

    /// <summary>
    /// The text of the record after a close decided, in order, every pending entry <paramref name="judge"/> finds
    /// due (<c>Decide(billedOn, judge.IsLate(billedOn))</c> for each). A text as <see cref="ToString"/> writes it
    /// is decided in place: the same letters and the same decided entries left out, since leaving out the oldest
    /// decided entries after each decision leaves what leaving them out once at the end does.
    /// </summary>
    internal static string Decided<TJudge>(string text, TJudge judge) where TJudge : IJudge
    {
        if (text.Length > LongestDecidedInPlace || !IsAsWritten(text)) return DecidedParsed(text, judge);
        var count = (text.Length + 1) / (EntryLength + 1);
        Span<LocalDate> dueBilled = stackalloc LocalDate[count];
        var dues = 0;
        foreach (var pending in Pending(text))
            if (judge.IsDue(pending))
                dueBilled[dues++] = pending.BilledOn;
        if (dues == 0) return text;

        // The letters after the decisions: Decide(billedOn) decides every pending entry billed that day.
        Span<char> letters = stackalloc char[count];
        var decided = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = text.AsSpan(i * (EntryLength + 1), EntryLength);
            letters[i] = entry[16];
            if (letters[i] == '?' && TryReadDate(entry[..8], out var billedOn) && dueBilled[..dues].Contains(billedOn))
                letters[i] = Letter(judge.IsLate(billedOn) ? BillOutcome.Late : BillOutcome.OnTime);
            if (letters[i] != '?') decided++;
        }

        var dropped = Math.Max(0, decided - DecidedKept);
        Span<char> written = stackalloc char[text.Length];
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            if (letters[i] != '?' && dropped > 0) { dropped--; continue; }
            if (length > 0) written[length++] = ' ';
            text.AsSpan(i * (EntryLength + 1), 16).CopyTo(written[length..]);
            written[length + 16] = letters[i];
            length += EntryLength;
        }
        return new string(written[..length]);
    }

    /// <summary><see cref="Decided"/> through a parsed record, for a text not as <see cref="ToString"/> writes it.</summary>
    private static string DecidedParsed<TJudge>(string text, TJudge judge) where TJudge : IJudge
    {
        var record = Parse(text);
        var decided = record;
        foreach (var entry in record._entries)
            if (entry.Outcome == BillOutcome.Pending && judge.IsDue(entry))
                decided = decided.Decide(entry.BilledOn, judge.IsLate(entry.BilledOn));
        return ReferenceEquals(decided, record) ? text : decided.ToString();
    }

    /// <summary>
    /// The pending entries of a record's <paramref name="text"/>, read in place: what <see cref="Parse"/> would
    /// give (and refuse) without a record or a list, for the close, which asks about every line with a pending bill.
    /// </summary>
    internal static PendingEntries Pending(string text) => new(text);

    /// <summary>Enumerates <see cref="Pending"/>: a struct, so that a foreach over it allocates nothing.</summary>
    internal ref struct PendingEntries(string text)
    {
        private MemoryExtensions.SpanSplitEnumerator<char> _parts = text.AsSpan().Split(' ');

        public BillEntry Current { get; private set; }

        public readonly PendingEntries GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_parts.MoveNext())
            {
                var part = _parts.Source[_parts.Current];
                if (part.IsEmpty) continue;
                var entry = ReadEntry(part);
                if (entry.Outcome != BillOutcome.Pending) continue;
                Current = entry;
                return true;
            }
            return false;
        }
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
