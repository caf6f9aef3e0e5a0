using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>
/// The service was down from the 5th to the 10th: the nightly job, fired once, closes every missing
/// date once and in order, and fired again closes nothing.
/// </summary>
public class CatchUpTests
{
    private static readonly LocalDate FirstMissing = new(2026, 1, 5);
    private static readonly LocalDate LastMissing = new(2026, 1, 9);
    private const int Lines = 40;

    [Fact]
    public Task OnSqlite_NightlyJobAfterDaysDown_ClosesEachMissingDateOnceInOrder() =>
        NightlyJobAfterDaysDown_ClosesEachMissingDateOnceInOrder(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_NightlyJobAfterDaysDown_ClosesEachMissingDateOnceInOrder() =>
        NightlyJobAfterDaysDown_ClosesEachMissingDateOnceInOrder(DatabaseProvider.Postgres);

    private static async Task NightlyJobAfterDaysDown_ClosesEachMissingDateOnceInOrder(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_catchup");
        // 00:05 on the 10th in Shanghai is still the 9th in UTC: the job must close through the 9th, Shanghai time.
        var clock = TestClock.At(new LocalDateTime(2026, 1, 10, 0, 5));
        using var host = JobHosts.Build(database.Options, "node-a", clock, scheduler: true);
        await JobHosts.InitializeAsync(host.Services, FirstMissing);
        await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 12, 1), FirstMissing, seed: 3);
        await host.StartAsync();
        var (scheduler, runs) = await QuartzRuns.AttachAsync(host, "node-a");

        await scheduler.TriggerJob(CloseOfBusinessJob.Key);
        Assert.True(await runs.WaitAsync(1, TimeSpan.FromSeconds(60)), "the job did not finish in time");

        Assert.All(runs.Runs, r => Assert.Null(r.Error));
        Assert.Equal(LastMissing.PlusDays(1), await JobHosts.BusinessDateAsync(host.Services));
        var missing = Enumerable.Range(0, 5).Select(FirstMissing.PlusDays).ToList();
        var closeRuns = await JobHosts.WithDbAsync(host.Services, db => db.CloseRuns.AsNoTracking().ToListAsync());
        Assert.Equal(missing, closeRuns.Select(r => r.BusinessDate).Order());
        Assert.All(closeRuns, r => Assert.Equal(CloseRunState.Completed, r.State));
        // In order: each date started only after the one before it had finished.
        var byStart = closeRuns.OrderBy(r => r.StartedAt).ToList();
        Assert.Equal(missing, byStart.Select(r => r.BusinessDate));
        for (var i = 1; i < byStart.Count; i++)
            Assert.True(byStart[i - 1].FinishedAt <= byStart[i].StartedAt,
                $"{byStart[i].BusinessDate} started before {byStart[i - 1].BusinessDate} finished");
        await AssertClosedOnceAsync(host.Services, missing);

        // Fired again the same night: nothing left to close, nothing changes.
        var linesBefore = await Snapshot.LinesAsync(host.Services);
        var journalBefore = await Snapshot.JournalAsync(host.Services);
        await scheduler.TriggerJob(CloseOfBusinessJob.Key);
        Assert.True(await runs.WaitAsync(1, TimeSpan.FromSeconds(30)), "the second firing did not finish in time");
        Assert.All(runs.Runs, r => Assert.Null(r.Error));
        Assert.Equal(LastMissing.PlusDays(1), await JobHosts.BusinessDateAsync(host.Services));
        Assert.Equal(5, await JobHosts.WithDbAsync(host.Services, db => db.CloseRuns.CountAsync()));
        Assert.Equal(linesBefore, await Snapshot.LinesAsync(host.Services));
        Assert.Equal(journalBefore, await Snapshot.JournalAsync(host.Services));

        // The next night closes just the 10th.
        clock.Set(new LocalDateTime(2026, 1, 11, 0, 5).InZoneLeniently(BusinessCalendarStore.Zone).ToInstant());
        await scheduler.TriggerJob(CloseOfBusinessJob.Key);
        Assert.True(await runs.WaitAsync(1, TimeSpan.FromSeconds(30)), "the third firing did not finish in time");
        Assert.Equal(new LocalDate(2026, 1, 11), await JobHosts.BusinessDateAsync(host.Services));
        await AssertClosedOnceAsync(host.Services, [.. missing, new LocalDate(2026, 1, 10)]);

        await host.StopAsync();
    }

    private static async Task AssertClosedOnceAsync(IServiceProvider services, IReadOnlyList<LocalDate> dates)
    {
        var lines = await JobHosts.WithDbAsync(services, db => db.CreditLines.AsNoTracking().ToListAsync());
        Assert.Equal(Lines, lines.Count);
        Assert.All(lines, l => Assert.Equal(dates[^1], l.LastClosedDate));
        var accruals = await Snapshot.AccrualsAsync(services, dates[0]);
        Assert.Equal(Lines * dates.Count, accruals.Count);
        Assert.All(accruals, a => Assert.Equal(1, a.Value));
        Assert.Equal(dates, accruals.Keys.Select(k => k.Date).Distinct().Order());
    }
}
