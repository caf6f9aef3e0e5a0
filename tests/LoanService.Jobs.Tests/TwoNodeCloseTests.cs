using Hangfire;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit.Abstractions;

namespace LoanService.Jobs.Tests;

/// <summary>
/// Two instances (two hosts in this process, each with its Hangfire server and its chunk worker) on
/// one PostgreSQL database, the nightly close due on both at the same moment (and triggered by hand
/// on both as well): each date is closed exactly once, and both instances close chunks of it. Timed
/// against Hangfire's cron, so it runs alone.
/// </summary>
[Collection(TimedAgainstHangfire.Name)]
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
        using var a = JobHosts.Build(database.Options, "node-a", clock, faults, scheduler: true, everyLine: true);
        using var b = JobHosts.Build(database.Options, "node-b", clock, faults, scheduler: true, everyLine: true);
        await JobHosts.InitializeAsync(a.Services, Day1);
        await Seed.LinesAsync(a.Services, Lines, new LocalDate(2025, 12, 1), Day1, seed: 5);
        await a.StartAsync();
        await b.StartAsync();
        // Both hosts have declared the nightly job (one recurring job in the shared storage). Due four seconds
        // from now, by the wall clock Hangfire's cron reads (the close reads the test's clock), declared again
        // once both run: declared before a slow start ended, the moment could pass before anyone polled it. The
        // moment is the whole second the cron names (a cron has no fractions: it fires at due's second, not later).
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var recurring = a.Services.GetRequiredService<IRecurringJobManager>();
        DateTimeOffset due;
        do
        {
            var soon = DateTimeOffset.UtcNow.AddSeconds(4);
            due = new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, soon.Second, TimeSpan.Zero);
            var local = TimeZoneInfo.ConvertTime(due, shanghai);
            recurring.AddOrUpdate<CloseOfBusinessJob>(CloseOfBusinessJob.Id, j => j.RunAsync(CancellationToken.None),
                $"{local.Second} {local.Minute} {local.Hour} * * *", new RecurringJobOptions { TimeZone = shanghai });
        } while (DateTimeOffset.UtcNow > due.AddSeconds(-2.5));
        // Triggered by hand on both a second and a half before the cron's moment: a trigger records its time as the
        // recurring job's last execution and counts the next one from it, so a trigger after the moment, before the
        // scheduler's poll has fired it, would move the cron's firing to tomorrow.
        var beforeDue = due.AddSeconds(-1.5) - DateTimeOffset.UtcNow;
        if (beforeDue > TimeSpan.Zero) await Task.Delay(beforeDue);
        var triggered = await Task.WhenAll(Task.Run(() => HangfireRuns.Trigger(a.Services, CloseOfBusinessJob.Id)),
            Task.Run(() => HangfireRuns.Trigger(b.Services, CloseOfBusinessJob.Id)));

        // The two triggered by hand and the cron's own firing: three deliveries of one close, at least.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<JobRun> runs;
        do
        {
            await Task.Delay(200);
            runs = HangfireRuns.JobsOf(a.Services, CloseOfBusinessJob.Id).Select(id => HangfireRuns.Read(a.Services, id)).ToList();
        } while ((runs.Count < 3 || runs.Any(r => r.State is not ("Succeeded" or "Failed"))) && DateTime.UtcNow < deadline);
        Assert.True(runs.Count >= 3, $"{runs.Count} close job(s) ran ({string.Join(", ", runs.Select(r => r.JobId))}; " +
                                     $"triggered {string.Join(", ", triggered)}; due {due:O}); {HangfireRuns.Describe(a.Services, CloseOfBusinessJob.Id)}");
        Assert.Subset(runs.Select(r => r.JobId).ToHashSet(), triggered.ToHashSet());
        Assert.All(runs, r => Assert.Equal("Succeeded", r.State));

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
            output.WriteLine($"job runs on: {string.Join(", ", runs.SelectMany(r => r.ServersThatRanIt))}; chunks claimed: " +
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
