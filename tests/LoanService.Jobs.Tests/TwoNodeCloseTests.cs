using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Xunit.Abstractions;

namespace LoanService.Jobs.Tests;

/// <summary>
/// Two instances (two hosts in this process, each with its clustered Quartz scheduler and its chunk
/// worker) on one PostgreSQL database, both firing the nightly job at once: each date is closed
/// exactly once, and both instances close chunks of it.
/// </summary>
public class TwoNodeCloseTests(ITestOutputHelper output)
{
    private static readonly LocalDate Day1 = new(2026, 1, 5);
    private static readonly LocalDate Day2 = new(2026, 1, 6);
    private const int Lines = 200;

    [PostgresFact]
    public async Task TwoClusteredNodes_FiringTogether_CloseEachDateOnceAndShareTheChunks()
    {
        using var database = TestDb.Create(DatabaseProvider.Postgres, "close_two_nodes");
        var clock = TestClock.At(new LocalDateTime(2026, 1, 7, 0, 5)); // closes the 5th and the 6th
        // Each chunk takes a moment, so the other node's worker finds chunks to take.
        var faults = new TestFaults { DelayPerChunk = TimeSpan.FromMilliseconds(30) };
        using var a = JobHosts.Build(database.Options, "node-a", clock, faults, scheduler: true);
        using var b = JobHosts.Build(database.Options, "node-b", clock, faults, scheduler: true);
        await JobHosts.InitializeAsync(a.Services, Day1);
        await Seed.LinesAsync(a.Services, Lines, new LocalDate(2025, 12, 1), Day1, seed: 5);
        await a.StartAsync();
        await b.StartAsync();
        var (schedulerA, runsA) = await QuartzRuns.AttachAsync(a, "node-a");
        var (schedulerB, runsB) = await QuartzRuns.AttachAsync(b, "node-b");

        await Task.WhenAll(schedulerA.TriggerJob(CloseOfBusinessJob.Key).AsTask(),
            schedulerB.TriggerJob(CloseOfBusinessJob.Key).AsTask());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (runsA.Runs.Count + runsB.Runs.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var runs = runsA.Runs.Concat(runsB.Runs).ToList();
        Assert.Equal(2, runs.Count); // each firing ran once, on one node or the other
        Assert.All(runs, r => Assert.Null(r.Error));

        Assert.Equal(Day2.PlusDays(1), await JobHosts.BusinessDateAsync(a.Services));
        await JobHosts.WithDbAsync(a.Services, async db =>
        {
            var closeRuns = (await db.CloseRuns.AsNoTracking().ToListAsync()).OrderBy(r => r.BusinessDate).ToList();
            Assert.Equal([Day1, Day2], closeRuns.Select(r => r.BusinessDate));
            Assert.All(closeRuns, r => Assert.Equal(CloseRunState.Completed, r.State));
            Assert.All(closeRuns, r => Assert.Equal(Lines, r.LinesPlanned));

            var chunks = await db.CloseChunks.AsNoTracking().ToListAsync();
            Assert.All(chunks, c => Assert.Equal(CloseChunkState.Done, c.State));
            foreach (var date in new[] { Day1, Day2 })
                Assert.Equal(Lines, chunks.Where(c => c.BusinessDate == date).Sum(c => c.LinesClosed));
            var claimedBy = chunks.GroupBy(c => c.ClaimedBy).ToDictionary(g => g.Key!, g => g.Count());
            output.WriteLine($"job runs on: {string.Join(", ", runs.Select(r => r.Node))}; chunks claimed: " +
                             string.Join(", ", claimedBy.Select(kv => $"{kv.Key} {kv.Value}")));
            Assert.Equal(["node-a", "node-b"], claimedBy.Keys.Order());

            var lines = await db.CreditLines.AsNoTracking().ToListAsync();
            Assert.Equal(Lines, lines.Count);
            Assert.All(lines, l => Assert.Equal(Day2, l.LastClosedDate));
            return 0;
        });
        var accruals = await Snapshot.AccrualsAsync(a.Services, Day1);
        Assert.Equal(Lines * 2, accruals.Count);
        Assert.All(accruals, x => Assert.Equal(1, x.Value));
        Assert.Equal([Day1, Day2], accruals.Keys.Select(k => k.Date).Distinct().Order());

        await Task.WhenAll(a.StopAsync(), b.StopAsync());
    }
}
