using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Benchmarks;

/// <summary>
/// Closes one business day (日终) for 1,000,000 credit lines in memory, on one thread: for each line
/// <see cref="CreditLine.CloseDay"/> and then <see cref="CreditLine.TakePendingJournal"/> (the
/// entries are handed over and dropped, as a close-of-business job hands them to persistence).
/// One invocation = 1,000,000 line-days, so the figures BenchmarkDotNet reports are per line-day.
/// </summary>
/// <remarks>
/// A line refuses to close the same date twice, so every invocation closes the next date
/// (2025-02-22, 02-23, …) of the portfolio built by <see cref="Portfolio"/>.
/// <para><see cref="OrdinaryDay"/>: product defaults (settlement on the 20th); no date in the
/// run is a settlement day, so it measures accrual, overdue checks and classification — plus the
/// ~0.1% of lines that reach maturity on that date.</para>
/// <para><see cref="SettlementDay"/>: the same, but with <see cref="ProductSettings.SettlementDay"/> set
/// to the day of the date being closed, so every line runs the settlement path (bill the accrued
/// interest, rounded to 分). Before each iteration (not measured) borrowers with nothing overdue pay
/// yesterday's bill, as they do on the 21st, so the number of bills per line stays realistic.</para>
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class CloseOfBusinessBenchmark
{
    public const int LineCount = 1_000_000;

    private CreditLine[] _lines = [];

    // The close's list, made once with the lines (so as old as they are): each line is handed it for the length of its
    // close, and a list younger than the lines would have the collector visit every line at its next collection.
    private readonly List<JournalEntry> _journal = [];
    private LocalDate _lastClosed;
    private int _txn;

    [GlobalSetup]
    public void Setup()
    {
        _lines = Portfolio.Build(LineCount, ProductSettings.Default);
        _lastClosed = Portfolio.AsOf;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    [IterationSetup(Target = nameof(OrdinaryDay))]
    public void BeforeOrdinaryDay()
    {
        // Keep the measured date ordinary: a settlement date would be closed here, unmeasured.
        while (ProductSettings.Default.IsSettlementDay(_lastClosed.PlusDays(1)))
            CloseAll(_lastClosed.PlusDays(1), ProductSettings.Default);
    }

    [IterationSetup(Targets = [nameof(SettlementDay), nameof(SettlementDayEventDriven)])]
    public void BeforeSettlementDay()
    {
        var today = _lastClosed.PlusDays(1);
        _txn++;
        for (var i = 0; i < _lines.Length; i++)
        {
            var line = _lines[i];
            if (!line.IsOpen || line.HasOverdue || !line.BilledInterest.IsPositive) continue;
            line.CatchUp(today); // the event-driven line's quiet days first, as a posting brings them in (none for the other)
            line.Repay(Portfolio.TxnId(i, 1000 + _txn), line.BilledInterest.Amount, today);
        }
        foreach (var line in _lines)
            line.TakePendingJournal();
    }

    [Benchmark(OperationsPerInvoke = LineCount)]
    public int OrdinaryDay() => CloseAll(_lastClosed.PlusDays(1), ProductSettings.Default);

    [Benchmark(OperationsPerInvoke = LineCount)]
    public int SettlementDay()
    {
        var date = _lastClosed.PlusDays(1);
        return CloseAll(date, ProductSettings.Default with { SettlementDay = date.Day });
    }

    /// <summary>
    /// The close the service runs (<see cref="CreditLine.CloseEventDay(LocalDate, ProductSettings, NoticeCadence, ISubsidyBudget?, List{JournalEntry})"/>):
    /// on a settlement day every open line has its event, and each hands its entries to the close's list, and the line
    /// <see cref="CreditLine.PrefetchDistance"/> places ahead is fetched from memory meanwhile (<see cref="CreditLine.Prefetch"/>).
    /// </summary>
    [Benchmark(OperationsPerInvoke = LineCount)]
    public int SettlementDayEventDriven()
    {
        var date = _lastClosed.PlusDays(1);
        var settings = ProductSettings.Default with { SettlementDay = date.Day };
        var entries = 0;
        var journal = _journal;
        var lines = _lines;
        for (var i = 0; i < lines.Length; i++)
        {
            // As the service's close does, the line a few places ahead is fetched from memory while this one closes.
            if (i + CreditLine.PrefetchDistance < lines.Length) lines[i + CreditLine.PrefetchDistance].Prefetch();
            var line = lines[i];
            if (!line.IsOpen) continue;
            line.CloseEventDay(date, settings, NoticeCadence.Default, null, journal);
            entries += journal.Count;
            journal.Clear();
        }
        _lastClosed = date;
        return entries;
    }

    private int CloseAll(LocalDate date, ProductSettings settings)
    {
        var entries = 0;
        var lines = _lines;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            entries += line.CloseDay(date, settings).Count;
            line.TakePendingJournal();
        }
        _lastClosed = date;
        return entries;
    }
}
