using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>A failed chunk is retried with back-off and then reported, never silently skipped.</summary>
public class ChunkRetryTests
{
    private static readonly LocalDate Day1 = new(2026, 1, 5);
    private static readonly LocalDate Day2 = new(2026, 1, 6);
    private static readonly LocalDate Day3 = new(2026, 1, 7);
    private const int Lines = 40;

    [Fact]
    public Task OnSqlite_TransientFailure_IsRetriedWithBackoffAndTheCloseCompletes() =>
        TransientFailure_IsRetriedWithBackoffAndTheCloseCompletes(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_TransientFailure_IsRetriedWithBackoffAndTheCloseCompletes() =>
        TransientFailure_IsRetriedWithBackoffAndTheCloseCompletes(DatabaseProvider.Postgres);

    [Fact]
    public Task OnSqlite_PermanentFailure_FailsTheRunKeepsTheDateAndALaterRunResumes() =>
        PermanentFailure_FailsTheRunKeepsTheDateAndALaterRunResumes(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_PermanentFailure_FailsTheRunKeepsTheDateAndALaterRunResumes() =>
        PermanentFailure_FailsTheRunKeepsTheDateAndALaterRunResumes(DatabaseProvider.Postgres);

    private static async Task TransientFailure_IsRetriedWithBackoffAndTheCloseCompletes(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_retry");
        var faults = new TestFaults { FailWhen = (date, chunk, attempt) => date == Day1 && chunk == 3 && attempt <= 2 };
        using var host = await StartAsync(database, faults, maxAttempts: 5);

        var result = await host.Services.GetRequiredService<CloseBusinessDays>().RunAsync(Day1);

        Assert.Equal([Day1], result.Closed);
        Assert.Equal(Day2, await JobHosts.BusinessDateAsync(host.Services));
        Assert.Equal(2, faults.Failures);
        Assert.Equal(3, faults.AttemptsAt(Day1, 3));
        await JobHosts.WithDbAsync(host.Services, async db =>
        {
            var run = await db.CloseRuns.AsNoTracking().SingleAsync();
            Assert.Equal(CloseRunState.Completed, run.State);
            Assert.Null(run.LastError);
            var chunks = await db.CloseChunks.AsNoTracking().ToListAsync();
            Assert.All(chunks, c => Assert.Equal(CloseChunkState.Done, c.State));
            Assert.Equal(Lines, chunks.Sum(c => c.LinesClosed));
            var retried = chunks.Single(c => c.ChunkNo == 3);
            Assert.Equal(3, retried.Attempts);
            Assert.Null(retried.Error);
            // The third attempt was claimed no earlier than the back-off after the second failure allowed
            // (50 ms, then 100 ms).
            Assert.NotNull(retried.NotBefore);
            Assert.True(retried.ClaimedAt >= retried.NotBefore, $"claimed {retried.ClaimedAt}, not before {retried.NotBefore}");
            Assert.All(chunks.Where(c => c.ChunkNo != 3), c => Assert.Equal(1, c.Attempts));
            return 0;
        });
        await AssertEachLineClosedOnceAsync(host, [Day1]);
        await host.StopAsync();
    }

    private static async Task PermanentFailure_FailsTheRunKeepsTheDateAndALaterRunResumes(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_fail");
        var faults = new TestFaults { FailWhen = (date, chunk, _) => date == Day2 && chunk == 2 };
        using var host = await StartAsync(database, faults, maxAttempts: 3);
        var close = host.Services.GetRequiredService<CloseBusinessDays>();

        var failure = await Assert.ThrowsAsync<CloseFailedException>(() => close.RunAsync(Day3));

        Assert.Equal(Day2, failure.BusinessDate);
        Assert.Contains("chunk 2", failure.Message);
        Assert.Equal(3, faults.AttemptsAt(Day2, 2));
        Assert.Equal(Day2, await JobHosts.BusinessDateAsync(host.Services)); // day 1 closed, day 2 not moved on
        await JobHosts.WithDbAsync(host.Services, async db =>
        {
            var runs = (await db.CloseRuns.AsNoTracking().ToListAsync()).OrderBy(r => r.BusinessDate).ToList();
            Assert.Equal([Day1, Day2], runs.Select(r => r.BusinessDate));
            Assert.Equal(CloseRunState.Completed, runs[0].State);
            Assert.Equal(CloseRunState.Failed, runs[1].State);
            Assert.Contains("1 chunk(s) failed after 3 attempts; first: chunk 2", runs[1].LastError);
            Assert.Contains("Injected fault", runs[1].LastError);
            var failed = await db.CloseChunks.AsNoTracking().SingleAsync(c => c.BusinessDate == Day2 && c.State == CloseChunkState.Failed);
            Assert.Equal(2, failed.ChunkNo);
            Assert.Equal(3, failed.Attempts);
            Assert.Contains("Injected fault", failed.Error);
            // Nothing of the failed chunk stuck: its lines are not closed for day 2.
            var lines = await db.CreditLines.AsNoTracking().ToListAsync();
            Assert.Equal(5, lines.Count(l => l.LastClosedDate == Day1));
            Assert.Equal(Lines - 5, lines.Count(l => l.LastClosedDate == Day2));
            return 0;
        });

        // Run again while the fault is still there: it is reported again, never skipped.
        await Assert.ThrowsAsync<CloseFailedException>(() => close.RunAsync(Day3));
        Assert.Equal(Day2, await JobHosts.BusinessDateAsync(host.Services));
        Assert.Equal(6, faults.AttemptsAt(Day2, 2));

        faults.FailWhen = null;
        var result = await close.RunAsync(Day3);

        Assert.Equal([Day2, Day3], result.Closed);
        Assert.Equal(Day3.PlusDays(1), await JobHosts.BusinessDateAsync(host.Services));
        await JobHosts.WithDbAsync(host.Services, async db =>
        {
            var runs = await db.CloseRuns.AsNoTracking().ToListAsync();
            Assert.Equal(3, runs.Count);
            Assert.All(runs, r => Assert.Equal(CloseRunState.Completed, r.State));
            Assert.All(runs, r => Assert.Null(r.LastError));
            var chunks = await db.CloseChunks.AsNoTracking().ToListAsync();
            Assert.All(chunks, c => Assert.Equal(CloseChunkState.Done, c.State));
            Assert.Equal(Lines, chunks.Where(c => c.BusinessDate == Day2).Sum(c => c.LinesClosed));
            return 0;
        });
        await AssertEachLineClosedOnceAsync(host, [Day1, Day2, Day3]);
        await host.StopAsync();
    }

    private static async Task<IHost> StartAsync(TestDb database, TestFaults faults, int maxAttempts)
    {
        var clock = TestClock.At(new LocalDateTime(2026, 1, 5, 9, 0));
        var host = JobHosts.Build(database.Options, "node-a", clock, faults, configure: o => o.MaxAttempts = maxAttempts, everyLine: true);
        await JobHosts.InitializeAsync(host.Services, Day1);
        await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 12, 1), Day1, seed: 11);
        await host.StartAsync();
        return host;
    }

    private static async Task AssertEachLineClosedOnceAsync(IHost host, LocalDate[] dates)
    {
        var lines = await JobHosts.WithDbAsync(host.Services, db => db.CreditLines.AsNoTracking().ToListAsync());
        Assert.All(lines, l => Assert.Equal(dates[^1], l.LastClosedDate));
        var accruals = await Snapshot.AccrualsAsync(host.Services, dates[0]);
        Assert.Equal(lines.Count * dates.Length, accruals.Count);
        Assert.All(accruals, a => Assert.Equal(1, a.Value));
    }
}
