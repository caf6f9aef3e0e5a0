using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using LoanService.Benchmarks;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using NodaTime;

// --verify [lines]: closes a portfolio for 90 days and prints a fingerprint of every journal entry
//   (all fields but the random entry id) and of every line's final state. It must not change when
//   the domain's hot path is optimized.
// --verify-events [lines]: the same portfolio closed for 90 days night by night and event-driven (only lines
//   whose next event has come; postings catch up first): every line must read alike at the end, and the
//   fingerprint covers the event-driven journal (with what each entry took in of the quiet days) and states.
// --quick [lines] [days]: a plain stopwatch loop (no BenchmarkDotNet), for profiling.
// --quick-events [lines] [days]: the same, event-driven: ordinary days close the lines whose event has come,
//   settlement days every line (each bills), through CloseEventDay, which hands each line's entries to one list
//   (as the service's close does). With BENCH_MARKS=1 it writes the monotonic
//   clock (Stopwatch ticks, ns on Linux) on standard error as each settlement close starts and ends, so that a
//   profile taken with `perf record -k CLOCK_MONOTONIC` can be cut to the closes alone (docs/benchmarks.md). With
//   BENCH_MIXED=1 every other line closed has a cadence whose interest reminder is 5 days ahead instead of 3, as
//   in a chunk whose lines belong to two cooperatives with cadences of their own.
// anything else: BenchmarkDotNet, e.g. --filter '*'.
if (args.Length > 0 && args[0] == "--verify")
    return Verify.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000);
if (args.Length > 0 && args[0] == "--verify-events")
    return VerifyEvents.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000);
if (args.Length > 0 && args[0] == "--quick-events")
    return QuickEvents.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : CloseOfBusinessBenchmark.LineCount,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
if (args.Length > 0 && args[0] == "--quick")
    return Quick.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : CloseOfBusinessBenchmark.LineCount,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
BenchmarkSwitcher.FromAssembly(typeof(CloseOfBusinessBenchmark).Assembly).Run(args);
return 0;

internal static class Quick
{
    public static int Run(int count, int days)
    {
        var sw = Stopwatch.StartNew();
        var lines = Portfolio.Build(count, ProductSettings.Default);
        Console.WriteLine($"setup: {count:N0} lines in {sw.Elapsed.TotalSeconds:F1} s");
        var date = Portfolio.AsOf;
        for (var d = 0; d < days; d++)
        {
            date = date.PlusDays(1);
            var ordinary = d < days / 2;
            var settings = ordinary ? ProductSettings.Default : ProductSettings.Default with { SettlementDay = date.Day };
            if (!ordinary)
                for (var i = 0; i < lines.Length; i++)
                    if (lines[i].IsOpen && !lines[i].HasOverdue && lines[i].BilledInterest.IsPositive)
                    {
                        lines[i].Repay(Portfolio.TxnId(i, 1000 + d), lines[i].BilledInterest.Amount, date);
                        lines[i].TakePendingJournal();
                    }
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            var entries = 0;
            foreach (var line in lines)
            {
                entries += line.CloseDay(date, settings).Count;
                line.TakePendingJournal();
            }
            var elapsed = sw.Elapsed;
            alloc = GC.GetAllocatedBytesForCurrentThread() - alloc;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{date:yyyy-MM-dd} {(ordinary ? "ordinary  " : "settlement")}: {elapsed.TotalMilliseconds * 1e6 / count:F0} ns/line-day, {alloc / (double)count:F0} B/line-day, {entries:N0} entries"));
        }
        return 0;
    }
}

internal static class Verify
{
    public static int Run(int count)
    {
        var settings = ProductSettings.Default;
        var hashes = new ulong[count];
        var lines = Portfolio.Build(count, settings, (i, entries) => hashes[i] = Mix(hashes[i], entries), parallel: true);
        var date = Portfolio.AsOf;
        for (var day = 0; day < 90; day++)
        {
            date = date.PlusDays(1);
            var sameDay = day % 7 == 3 ? settings with { SettlementDay = Math.Min(date.Day, 28) } : settings;
            for (var i = 0; i < count; i++)
            {
                var line = lines[i];
                if (Portfolio.ProfileOf(i) != Portfolio.Profile.BillUnpaid && date.Day == 21 && line.BilledInterest.IsPositive && !line.HasOverdue)
                    line.Repay(Portfolio.TxnId(i, 500 + day), line.BilledInterest.Amount, date);
                if (i % 97 == 0 && line.HasOverdue && date.Day == 1)
                    line.Repay(Portfolio.TxnId(i, 500 + day), Math.Min(1_000m, line.PayoffOn(date).Amount.Amount), date);
                var returned = line.CloseDay(date, sameDay);
                var pending = line.PendingJournal;
                var start = pending.Count - returned.Count;
                for (var k = 0; k < returned.Count; k++)
                    if (!ReferenceEquals(returned[k], pending[start + k]))
                        throw new InvalidOperationException("CloseDay returned entries that are not the last pending ones.");
                hashes[i] = Mix(hashes[i], (ulong)returned.Count);
                hashes[i] = Mix(hashes[i], line.TakePendingJournal());
            }
        }
        var total = 14695981039346656037UL;
        for (var i = 0; i < count; i++)
        {
            total = Mix(total, hashes[i]);
            total = Mix(total, State(lines[i]));
        }
        Console.WriteLine($"verify: {count} lines, 90 days, fingerprint {total:x16}");
        return 0;
    }

    private static string State(CreditLine l) => string.Join('|', l.Status, l.Principal, l.OverduePrincipal,
        l.InterestBalanceDays.ToString(CultureInfo.InvariantCulture), l.InterestCarried, l.InterestPaidAhead,
        l.PenaltyBalanceDays.ToString(CultureInfo.InvariantCulture), l.PenaltyPaid, l.LastClosedDate, l.Classification,
        l.HeldClassification, l.CuredSince, l.JournalSequence, l.Balances, l.DaysPastDueOn(l.LastClosedDate.PlusDays(1)),
        string.Join(';', l.Bills));

    private static ulong Mix(ulong h, IReadOnlyList<JournalEntry> entries)
    {
        foreach (var e in entries)
            h = Mix(h, string.Join('|', e.LineId, e.Sequence, e.BusinessDate, e.Kind, e.Amount, e.Change, e.After));
        return h;
    }

    internal static ulong Mix(ulong h, string s)
    {
        foreach (var c in s)
            h = (h ^ c) * 1099511628211UL;
        return h;
    }

    internal static ulong Mix(ulong h, ulong v)
    {
        for (var i = 0; i < 8; i++, v >>= 8)
            h = (h ^ (v & 0xff)) * 1099511628211UL;
        return h;
    }
}

internal static class QuickEvents
{
    public static int Run(int count, int days)
    {
        var sw = Stopwatch.StartNew();
        // As in CloseOfBusinessBenchmark: the close's list made before the lines (as old as they are), and the lines
        // settled into the old generation before the first close, so that the collector's work is the close's own.
        var journal = new List<JournalEntry>();
        var lines = Portfolio.Build(count, ProductSettings.Default);
        Console.WriteLine($"setup: {count:N0} lines in {sw.Elapsed.TotalSeconds:F1} s");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        // BENCH_PREFETCH=0 closes without fetching the lines ahead (CreditLine.Prefetch), to measure what it saves.
        var prefetch = Environment.GetEnvironmentVariable("BENCH_PREFETCH") != "0";
        var cadence = LoanService.Domain.Notices.NoticeCadence.Default;
        var other = cadence with { InterestReminderDaysBefore = 5 };
        var mixed = Environment.GetEnvironmentVariable("BENCH_MIXED") == "1";
        var marks = Environment.GetEnvironmentVariable("BENCH_MARKS") == "1";
        var date = Portfolio.AsOf;
        for (var d = 0; d < days; d++)
        {
            date = date.PlusDays(1);
            var ordinary = d < days / 2;
            var settings = ordinary ? ProductSettings.Default : ProductSettings.Default with { SettlementDay = date.Day };
            if (!ordinary)
                for (var i = 0; i < lines.Length; i++)
                    if (lines[i].IsOpen && !lines[i].HasOverdue && lines[i].BilledInterest.IsPositive)
                    {
                        lines[i].CatchUp(date);
                        lines[i].Repay(Portfolio.TxnId(i, 1000 + d), lines[i].BilledInterest.Amount, date);
                        lines[i].TakePendingJournal();
                    }
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            if (marks && !ordinary) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"close-start {Stopwatch.GetTimestamp()}"));
            sw.Restart();
            var (entries, closed) = (0, 0);
            for (var i = 0; i < lines.Length; i++)
            {
                // On a settlement day every line closes, as every line of a chunk of the service's close does; an ordinary
                // day skips most lines after a look at one field, and a hint for each would be work for nothing.
                if (prefetch && !ordinary && i + CreditLine.PrefetchDistance < lines.Length) lines[i + CreditLine.PrefetchDistance].Prefetch();
                var line = lines[i];
                // A settlement day (moved to today here) is every open line's event.
                if (!(line.NextEventDate <= date || (!ordinary && line.IsOpen))) continue;
                // As the service's close does: the entries are handed to the close's list, not kept on the line.
                line.CloseEventDay(date, settings, mixed && (closed & 1) == 1 ? other : cadence, null, journal);
                closed++;
                entries += journal.Count;
                journal.Clear();
            }
            var elapsed = sw.Elapsed;
            if (marks && !ordinary) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"close-end {Stopwatch.GetTimestamp()}"));
            alloc = GC.GetAllocatedBytesForCurrentThread() - alloc;
            paused = GC.GetTotalPauseDuration() - paused;
            // The collector's share: its pauses, and the collections by generation, during the close alone.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{date:yyyy-MM-dd} {(ordinary ? "ordinary  " : "settlement")}: {elapsed.TotalMilliseconds * 1e6 / count:F0} ns/line-day ({(elapsed - paused).TotalMilliseconds * 1e6 / count:F0} outside GC pauses), {alloc / (double)count:F0} B/line-day, GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, {closed:N0} lines closed, {entries:N0} entries"));
        }
        return 0;
    }
}

internal static class VerifyEvents
{
    public static int Run(int count)
    {
        var settings = ProductSettings.Default;
        var cadence = LoanService.Domain.Notices.NoticeCadence.Default;
        var nightly = Portfolio.Build(count, settings, parallel: true);
        var events = Portfolio.Build(count, settings, parallel: true);
        var (nightlyRows, eventRows) = (0L, 0L);
        var journal = new ulong[count];
        var handed = new List<JournalEntry>();
        var date = Portfolio.AsOf;
        for (var day = 0; day < 90; day++)
        {
            date = date.PlusDays(1);
            for (var i = 0; i < count; i++)
            {
                var (n, e) = (nightly[i], events[i]);
                // A posting brings the event-driven line's quiet days in first, as the service does.
                if (Portfolio.ProfileOf(i) != Portfolio.Profile.BillUnpaid && date.Day == 21 && n.BilledInterest.IsPositive && !n.HasOverdue)
                {
                    n.Repay(Portfolio.TxnId(i, 500 + day), n.BilledInterest.Amount, date);
                    e.CatchUp(date);
                    e.Repay(Portfolio.TxnId(i, 500 + day), e.BilledInterest.Amount, date);
                }
                if (i % 97 == 0 && n.HasOverdue && date.Day == 1)
                {
                    var amount = Math.Min(1_000m, n.PayoffOn(date).Amount.Amount);
                    n.Repay(Portfolio.TxnId(i, 500 + day), amount, date);
                    e.CatchUp(date);
                    e.Repay(Portfolio.TxnId(i, 500 + day), amount, date);
                }
                n.CloseDay(date, settings);
                // The event-driven close hands the line's entries to a list, as the service's close does.
                if (e.NextEventDate <= date) e.CloseEventDay(date, settings, cadence, null, handed);
                else handed.AddRange(e.TakePendingJournal());
                nightlyRows += n.TakePendingJournal().Count;
                var taken = handed.ToArray();
                handed.Clear();
                eventRows += taken.Length;
                foreach (var entry in taken)
                    journal[i] = Verify.Mix(journal[i], string.Join('|', entry.LineId, entry.Sequence, entry.BusinessDate, entry.Kind,
                        entry.Amount, entry.Accrued, entry.Change, entry.After));
            }
        }
        var next = date.PlusDays(1);
        var total = 14695981039346656037UL;
        for (var i = 0; i < count; i++)
        {
            var (n, e) = (State(nightly[i], next), State(events[i].ViewOn(next), next));
            if (n != e)
            {
                Console.Error.WriteLine($"line {i} differs:\n nightly {n}\n events  {e}");
                return 1;
            }
            total = Verify.Mix(Verify.Mix(total, journal[i]), e);
        }
        Console.WriteLine($"verify-events: {count} lines, 90 days, every line reads as the nightly close; journal rows " +
                          $"{eventRows:N0} event-driven, {nightlyRows:N0} nightly; fingerprint {total:x16}");
        return 0;
    }

    private static string State(CreditLine l, LocalDate on) => string.Join('|', l.Status, l.Principal, l.OverduePrincipal,
        l.Balances, l.PayoffOn(on).Amount, l.Classification, l.HeldClassification, l.CuredSince, l.DaysPastDueOn(on),
        l.MaturityDate, string.Join(';', l.Bills));
}
