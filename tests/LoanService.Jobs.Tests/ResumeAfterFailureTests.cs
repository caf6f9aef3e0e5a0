using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>
/// A close killed midway (a chunk fails for good after others have committed) and then run again
/// must leave every line exactly as a close that was never interrupted: two databases seeded
/// alike, one closed straight through, one interrupted and resumed, compared line by line.
/// </summary>
public class ResumeAfterFailureTests
{
    // The 20th is the settlement day (interest billed), the 21st the due date: the days closed
    // cover accrual, billing, bills turning overdue, penalty interest and maturities.
    private static readonly LocalDate BusinessDate = new(2026, 1, 18);
    private static readonly LocalDate Through = new(2026, 1, 23);
    private static readonly LocalDate FailingDate = new(2026, 1, 20);
    private const int FailingChunk = 4;
    private const int Lines = 60;

    [Fact]
    public Task OnSqlite_ResumedCloseEqualsUninterruptedClose() => ResumedCloseEqualsUninterruptedClose(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_ResumedCloseEqualsUninterruptedClose() => ResumedCloseEqualsUninterruptedClose(DatabaseProvider.Postgres);

    private static async Task ResumedCloseEqualsUninterruptedClose(DatabaseProvider provider)
    {
        using var db1 = TestDb.Create(provider, "close_straight");
        using var db2 = TestDb.Create(provider, "close_resumed");
        var clock = TestClock.At(new LocalDateTime(2026, 1, 24, 0, 5));
        var faults = new TestFaults
        {
            FailWhen = (date, chunk, _) => date == FailingDate && chunk == FailingChunk,
        };
        using var straight = JobHosts.Build(db1.Options, "node-straight", clock, configure: o => o.MaxAttempts = 1, everyLine: true);
        using var resumed = JobHosts.Build(db2.Options, "node-resumed", clock, faults, configure: o => o.MaxAttempts = 1, everyLine: true);
        foreach (var host in new[] { straight, resumed })
        {
            await JobHosts.InitializeAsync(host.Services, BusinessDate);
            await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 11, 10), BusinessDate, seed: 7);
            await host.StartAsync();
        }
        Assert.Equal(await Snapshot.LinesAsync(straight.Services), await Snapshot.LinesAsync(resumed.Services));

        var done = await straight.Services.GetRequiredService<CloseBusinessDays>().RunAsync(Through);
        Assert.Equal(6, done.Closed.Count);

        // The interrupted close: the 18th and 19th close, then chunk 4 of the 20th fails for good.
        var close = resumed.Services.GetRequiredService<CloseBusinessDays>();
        var failure = await Assert.ThrowsAsync<CloseFailedException>(() => close.RunAsync(Through));
        Assert.Equal(FailingDate, failure.BusinessDate);
        Assert.Equal(FailingDate, await JobHosts.BusinessDateAsync(resumed.Services));
        await JobHosts.WithDbAsync(resumed.Services, async db =>
        {
            var runs = await db.CloseRuns.AsNoTracking().ToListAsync();
            Assert.Equal([new LocalDate(2026, 1, 18), new LocalDate(2026, 1, 19), FailingDate],
                runs.Select(r => r.BusinessDate).Order());
            var failed = runs.Single(r => r.BusinessDate == FailingDate);
            Assert.Equal(CloseRunState.Failed, failed.State);
            Assert.Contains($"chunk {FailingChunk}", failed.LastError);
            Assert.Contains("Injected fault", failed.LastError);
            Assert.All(runs.Where(r => r.BusinessDate < FailingDate), r => Assert.Equal(CloseRunState.Completed, r.State));

            var chunks = await db.CloseChunks.AsNoTracking().Where(c => c.BusinessDate == FailingDate).ToListAsync();
            var bad = chunks.Single(c => c.ChunkNo == FailingChunk);
            Assert.Equal(CloseChunkState.Failed, bad.State);
            Assert.Equal(1, bad.Attempts);
            Assert.Contains("Injected fault", bad.Error);
            Assert.Contains(chunks, c => c.State == CloseChunkState.Done); // work was committed before the failure

            // The failed chunk's lines were rolled back: still closed through the 19th, no journal for the 20th.
            var lines = await db.CreditLines.AsNoTracking().ToListAsync();
            var stuck = lines.Where(l => l.LastClosedDate == FailingDate.PlusDays(-1)).Select(l => l.Id).ToHashSet();
            Assert.Contains(bad.FirstLineId, stuck);
            Assert.Contains(bad.LastLineId, stuck);
            Assert.InRange(stuck.Count, 1, 5);
            var journalOfStuck = (await db.Journal.AsNoTracking().Where(e => e.BusinessDate == FailingDate).ToListAsync())
                .Where(e => stuck.Contains(e.LineId));
            Assert.Empty(journalOfStuck);
            Assert.All(lines.Where(l => !stuck.Contains(l.Id) && l.IsOpen), l => Assert.Equal(FailingDate, l.LastClosedDate));
            return 0;
        });

        // The operator removes the cause and runs the close again: it resumes the 20th and goes on.
        faults.FailWhen = null;
        var resumedResult = await close.RunAsync(Through);
        Assert.Equal([FailingDate, FailingDate.PlusDays(1), FailingDate.PlusDays(2), Through], resumedResult.Closed);
        Assert.Equal(Through.PlusDays(1), await JobHosts.BusinessDateAsync(resumed.Services));
        Assert.Equal(Through.PlusDays(1), await JobHosts.BusinessDateAsync(straight.Services));
        await JobHosts.WithDbAsync(resumed.Services, async db =>
        {
            var run = await db.CloseRuns.AsNoTracking().SingleAsync(r => r.BusinessDate == FailingDate);
            Assert.Equal(CloseRunState.Completed, run.State);
            Assert.Null(run.LastError);
            Assert.All(await db.CloseChunks.AsNoTracking().ToListAsync(), c => Assert.Equal(CloseChunkState.Done, c.State));
            return 0;
        });

        var expectedLines = await Snapshot.LinesAsync(straight.Services);
        var actualLines = await Snapshot.LinesAsync(resumed.Services);
        Assert.Equal(Lines, expectedLines.Count);
        for (var i = 0; i < expectedLines.Count; i++) Assert.Equal(expectedLines[i], actualLines[i]);
        var expectedJournal = await Snapshot.JournalAsync(straight.Services);
        var actualJournal = await Snapshot.JournalAsync(resumed.Services);
        Assert.Equal(expectedJournal.Count, actualJournal.Count);
        for (var i = 0; i < expectedJournal.Count; i++) Assert.Equal(expectedJournal[i], actualJournal[i]);

        var accruals = await Snapshot.AccrualsAsync(resumed.Services, BusinessDate);
        Assert.All(accruals, a => Assert.Equal(1, a.Value));
        Assert.Equal(Lines * 6, accruals.Count);

        await straight.StopAsync();
        await resumed.StopAsync();
    }
}
