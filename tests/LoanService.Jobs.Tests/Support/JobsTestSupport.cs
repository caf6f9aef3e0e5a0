using System.Collections.Concurrent;
using System.Diagnostics;
using LoanService.Api.Tests.Support;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Jobs.Tests.Support;

/// <summary>A PostgreSQL-only fact, skipped with its reason outside CI when no server is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>
/// A clock set to a chosen instant that then runs on with real time, so retry back-offs and leases
/// (which compare against the clock) still elapse. NodaTime.Testing is not available here.
/// </summary>
public sealed class TestClock(Instant start) : IClock
{
    private readonly Lock _gate = new();
    private Instant _base = start;
    private long _since = Stopwatch.GetTimestamp();

    public static TestClock At(LocalDateTime shanghai) =>
        new(shanghai.InZoneLeniently(BusinessCalendarStore.Zone).ToInstant());

    public void Set(Instant now)
    {
        lock (_gate) (_base, _since) = (now, Stopwatch.GetTimestamp());
    }

    public Instant GetCurrentInstant()
    {
        lock (_gate) return _base + Duration.FromTimeSpan(Stopwatch.GetElapsedTime(_since));
    }
}

/// <summary>Fails chosen chunk attempts before their commit, and can slow every chunk down.</summary>
public sealed class TestFaults : ICloseFaultInjector
{
    private readonly ConcurrentDictionary<(LocalDate, int), int> _attempts = new();

    /// <summary>Called with (date, chunk number, attempt at that chunk, 1-based): true throws.</summary>
    public volatile Func<LocalDate, int, int, bool>? FailWhen;

    public TimeSpan DelayPerChunk { get; set; }

    public int Failures => _failures;
    private int _failures;

    public int AttemptsAt(LocalDate date, int chunkNo) => _attempts.GetValueOrDefault((date, chunkNo));

    public void BeforeCommit(LocalDate date, int chunkNo)
    {
        var attempt = _attempts.AddOrUpdate((date, chunkNo), 1, (_, n) => n + 1);
        if (DelayPerChunk > TimeSpan.Zero) Thread.Sleep(DelayPerChunk);
        if (FailWhen?.Invoke(date, chunkNo, attempt) == true)
        {
            Interlocked.Increment(ref _failures);
            throw new InvalidOperationException($"Injected fault in chunk {chunkNo} of {date:yyyy-MM-dd} (attempt {attempt})");
        }
    }
}

/// <summary>One test database: a temporary SQLite file or a fresh PostgreSQL database, dropped at the end.</summary>
public sealed class TestDb : IDisposable
{
    private TestDb(DatabaseOptions options, string? file) => (Options, _file) = (options, file);

    private readonly string? _file;
    public DatabaseOptions Options { get; }

    public static TestDb Create(DatabaseProvider provider, string prefix)
    {
        if (provider == DatabaseProvider.Postgres)
            return new TestDb(new DatabaseOptions(DatabaseProvider.Postgres, TestPostgres.CreateDatabase(prefix)), null);
        var file = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");
        return new TestDb(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"), file);
    }

    public void Dispose()
    {
        if (Options.Provider == DatabaseProvider.Postgres)
        {
            TestPostgres.DropDatabase(Options.ConnectionString);
            return;
        }
        foreach (var path in new[] { _file!, _file + "-wal", _file + "-shm" })
            try { File.Delete(path); } catch (IOException) { }
    }
}

public static class JobHosts
{
    /// <summary>A cron that never fires (31 February): the tests trigger the job themselves.</summary>
    public const string NeverCron = "0 0 31 2 *";

    /// <summary>Scheduler settings for a test: quick polling and retries, the nightly cron never due.</summary>
    public static SchedulerOptions TestScheduler(string nodeId, bool enabled) => new()
    {
        Enabled = enabled,
        CloseOfBusinessCron = NeverCron,
        PollInterval = TimeSpan.FromMilliseconds(200),
        CloseRetryAttempts = 2,
        CloseRetryDelaysSeconds = [1],
        ServerName = nodeId,
    };

    /// <summary>
    /// A jobs host on <paramref name="database"/>. <paramref name="everyLine"/>: the close closes every open line
    /// every night (<see cref="CloseOptions.EveryLine"/>), for the tests of how chunks are shared, retried and
    /// resumed, which count each line's close of each date; the event-driven selection has tests of its own.
    /// </summary>
    public static IHost Build(DatabaseOptions database, string nodeId, IClock clock, ICloseFaultInjector? faults = null,
        bool scheduler = false, Action<CloseOptions>? configure = null, Action<SchedulerOptions>? configureScheduler = null,
        bool everyLine = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var services = builder.Services;
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddInfrastructure(database);
        services.AddSingleton(ProductSettings.Default);
        if (faults is not null) services.AddSingleton(faults);
        var schedulerOptions = TestScheduler(nodeId, scheduler);
        configureScheduler?.Invoke(schedulerOptions);
        services.AddJobs(database, schedulerOptions, o =>
        {
            o.ChunkSize = 5;
            o.RetryBackoff = TimeSpan.FromMilliseconds(50);
            o.WorkerPollInterval = TimeSpan.FromMilliseconds(100);
            o.NodeId = nodeId;
            o.EveryLine = everyLine;
            configure?.Invoke(o);
        });
        services.Replace(ServiceDescriptor.Singleton(clock));
        return builder.Build();
    }

    public static async Task InitializeAsync(IServiceProvider services, LocalDate firstBusinessDate)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(firstBusinessDate);
    }

    public static async Task<LocalDate> BusinessDateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BusinessCalendarStore>().CurrentAsync();
    }

    public static async Task<T> WithDbAsync<T>(IServiceProvider services, Func<LoanServiceDbContext, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>());
    }
}

/// <summary>
/// Seeds lines the same way every time for a given seed: the same ids, limits, rates, terms,
/// opening dates and draws, so two databases seeded alike must close alike.
/// </summary>
public static class Seed
{
    private static readonly Guid Cooperative = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Guid Borrower = Guid.Parse("00000000-0000-0000-0000-00000000b001");
    private static readonly Instant Recorded = Instant.FromUtc(2026, 1, 1, 0, 0);

    /// <summary>The journal entries <paramref name="line"/> made since they were last taken, to be saved with it.</summary>
    public static void AddJournal(LoanServiceDbContext db, CreditLine line)
    {
        foreach (var entry in line.TakePendingJournal())
            db.Journal.Add(JournalEntryRow.From(entry, Recorded));
    }

    /// <summary>
    /// Opens <paramref name="count"/> lines on or after <paramref name="openFrom"/>, draws on each, and
    /// closes them in memory through the day before <paramref name="businessDate"/> (with their
    /// journal), so the service's close starts from lines with some history. Returns the line ids.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> LinesAsync(IServiceProvider services, int count, LocalDate openFrom,
        LocalDate businessDate, int seed = 42)
    {
        var random = new Random(seed);
        var settings = ProductSettings.Default;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            var id = new Guid(bytes);
            var opened = openFrom.PlusDays(random.Next(0, Math.Max(1, Period.DaysBetween(openFrom, businessDate) + 1)));
            var rate = 0.03m + random.Next(0, 60) * 0.0025m;
            var limit = 50_000m + random.Next(0, 16) * 10_000m;
            var term = random.Next(0, 4) == 0 ? 1 : random.Next(1, 25);
            var line = CreditLine.Open(id, Cooperative, Borrower, new Money(limit), new AnnualRate(rate), term, opened, settings);
            line.Draw(Guid.NewGuid(), decimal.Round(1_000m + (decimal)random.NextDouble() * (limit - 1_000m), 2), opened);
            for (var d = opened; d < businessDate; d = d.PlusDays(1))
            {
                var more = 100m + random.Next(0, 50) * 10m;
                if (random.Next(0, 10) == 0 && line.AvailableOn(d).Amount >= more) line.Draw(Guid.NewGuid(), more, d);
                line.CloseDay(d, settings);
            }
            db.CreditLines.Add(line);
            AddJournal(db, line);
            ids.Add(id);
        }
        await db.SaveChangesAsync();
        return ids;
    }
}

/// <summary>What a line looks like after a close, in a form two databases can be compared by.</summary>
public static class Snapshot
{
    public static async Task<List<string>> LinesAsync(IServiceProvider services) =>
        await JobHosts.WithDbAsync(services, async db =>
            (await db.CreditLines.AsNoTracking().ToListAsync())
            .OrderBy(l => l.Id)
            .Select(l => string.Join(" | ", l.Id, l.Status, l.LastClosedDate, l.Classification, l.HeldClassification,
                l.Balances, l.InterestBalanceDays, l.PenaltyBalanceDays, l.InterestCarried, l.PenaltyPaid,
                l.JournalSequence, string.Join(",", l.Bills.Select(b => b.ToString()))))
            .ToList());

    /// <summary>Per line, date and kind: how many journal rows and their summed amount and changes.</summary>
    public static async Task<List<string>> JournalAsync(IServiceProvider services) =>
        await JobHosts.WithDbAsync(services, async db =>
            (await db.Journal.AsNoTracking().ToListAsync())
            .GroupBy(e => (e.LineId, e.BusinessDate, e.Kind))
            .OrderBy(g => g.Key.LineId).ThenBy(g => g.Key.BusinessDate).ThenBy(g => g.Key.Kind)
            .Select(g => $"{g.Key.LineId} {g.Key.BusinessDate} {g.Key.Kind} x{g.Count()} " +
                         $"{g.Sum(e => e.Amount)} {g.Aggregate(Balances.Zero, (s, e) => s + e.Change)} " +
                         $"seq {string.Join(",", g.Select(e => e.Sequence).Order())}")
            .ToList());

    /// <summary>Accrual rows per (line, date): the close writes exactly one for every open line with a balance.</summary>
    public static async Task<Dictionary<(Guid Line, LocalDate Date), int>> AccrualsAsync(IServiceProvider services,
        LocalDate from) =>
        await JobHosts.WithDbAsync(services, async db =>
            (await db.Journal.AsNoTracking().Where(e => e.Kind == JournalEntryKind.Accrual).ToListAsync())
            .Where(e => e.BusinessDate >= from)
            .GroupBy(e => (e.LineId, e.BusinessDate)).ToDictionary(g => g.Key, g => g.Count()));
}
