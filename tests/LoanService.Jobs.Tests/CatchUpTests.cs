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
        using var host = JobHosts.Build(database.Options, "node-a", clock, scheduler: true, everyLine: true);
        await JobHosts.InitializeAsync(host.Services, FirstMissing);
        await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 12, 1), FirstMissing, seed: 3);
        await host.StartAsync();

        var first = await HangfireRuns.WaitAsync(host.Services,
            HangfireRuns.Trigger(host.Services, CloseOfBusinessJob.Id), TimeSpan.FromSeconds(60));
        Assert.Equal("Succeeded", first.State);
        Assert.Equal(1, first.Deliveries);
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
        var second = await HangfireRuns.WaitAsync(host.Services,
            HangfireRuns.Trigger(host.Services, CloseOfBusinessJob.Id), TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", second.State);
        Assert.Equal(LastMissing.PlusDays(1), await JobHosts.BusinessDateAsync(host.Services));
        Assert.Equal(5, await JobHosts.WithDbAsync(host.Services, db => db.CloseRuns.CountAsync()));
        Assert.Equal(linesBefore, await Snapshot.LinesAsync(host.Services));
        Assert.Equal(journalBefore, await Snapshot.JournalAsync(host.Services));

        // The next night closes just the 10th.
        clock.Set(new LocalDateTime(2026, 1, 11, 0, 5).InZoneLeniently(BusinessCalendarStore.Zone).ToInstant());
        var third = await HangfireRuns.WaitAsync(host.Services,
            HangfireRuns.Trigger(host.Services, CloseOfBusinessJob.Id), TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", third.State);
        Assert.Equal(new LocalDate(2026, 1, 11), await JobHosts.BusinessDateAsync(host.Services));
        await AssertClosedOnceAsync(host.Services, [.. missing, new LocalDate(2026, 1, 10)]);

        await host.StopAsync();
    }

    [Fact]
    public Task OnSqlite_InstanceStartingAfterMissedNights_ClosesThemWithoutAFiring() =>
        InstanceStartingAfterMissedNights_ClosesThemWithoutAFiring(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_InstanceStartingAfterMissedNights_ClosesThemWithoutAFiring() =>
        InstanceStartingAfterMissedNights_ClosesThemWithoutAFiring(DatabaseProvider.Postgres);

    /// <summary>
    /// The service closed the 4th and stopped; it starts again at 09:00 on the 10th (Shanghai), long
    /// after that night's 00:05 firing: at start it closes the 5th to the 9th, once each and in order,
    /// with no firing of the nightly job. A second instance starting then changes nothing.
    /// </summary>
    private static async Task InstanceStartingAfterMissedNights_ClosesThemWithoutAFiring(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_startup_catchup");
        var lastClosed = FirstMissing.PlusDays(-1);
        var clock = TestClock.At(new LocalDateTime(2026, 1, 5, 0, 5));
        using (var before = JobHosts.Build(database.Options, "node-a", clock, everyLine: true))
        {
            await JobHosts.InitializeAsync(before.Services, lastClosed);
            await Seed.LinesAsync(before.Services, Lines, new LocalDate(2025, 12, 1), lastClosed, seed: 3);
            await before.Services.GetRequiredService<CloseBusinessDays>().RunAsync(lastClosed);
        }

        clock.Set(new LocalDateTime(2026, 1, 10, 9, 0).InZoneLeniently(BusinessCalendarStore.Zone).ToInstant());
        using var host = JobHosts.Build(database.Options, "node-a", clock, scheduler: true, everyLine: true);
        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await JobHosts.BusinessDateAsync(host.Services) != LastMissing.PlusDays(1) && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal(LastMissing.PlusDays(1), await JobHosts.BusinessDateAsync(host.Services));
        var jobs = HangfireRuns.JobsOf(host.Services, CloseOfBusinessJob.Id);
        var run = await HangfireRuns.WaitAsync(host.Services, Assert.Single(jobs), TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", run.State);
        var missing = Enumerable.Range(0, 5).Select(FirstMissing.PlusDays).ToList();
        var closeRuns = await JobHosts.WithDbAsync(host.Services, db => db.CloseRuns.AsNoTracking().ToListAsync());
        Assert.Equal([lastClosed, .. missing], closeRuns.OrderBy(r => r.StartedAt).Select(r => r.BusinessDate));
        await AssertClosedOnceAsync(host.Services, missing);

        var journalBefore = await Snapshot.JournalAsync(host.Services);
        using var second = JobHosts.Build(database.Options, "node-b", clock, scheduler: true, everyLine: true);
        await second.StartAsync();
        await Task.Delay(1000);
        Assert.Equal(journalBefore, await Snapshot.JournalAsync(host.Services));
        await Task.WhenAll(host.StopAsync(), second.StopAsync());
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
