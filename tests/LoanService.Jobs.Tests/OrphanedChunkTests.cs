using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>
/// A close stopped in the middle of a chunk (the process went away: its transaction rolled back,
/// its claim left behind) leaves that chunk Running; once the lease runs out the chunk is claimed
/// again and the date closes, each line once.
/// </summary>
public class OrphanedChunkTests
{
    private static readonly LocalDate Day = new(2026, 1, 5);
    private const int Lines = 30;

    [Fact]
    public Task OnSqlite_ChunkLeftRunningByAStoppedClose_IsTakenAgainAfterItsLease() =>
        ChunkLeftRunningByAStoppedClose_IsTakenAgainAfterItsLease(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_ChunkLeftRunningByAStoppedClose_IsTakenAgainAfterItsLease() =>
        ChunkLeftRunningByAStoppedClose_IsTakenAgainAfterItsLease(DatabaseProvider.Postgres);

    private static async Task ChunkLeftRunningByAStoppedClose_IsTakenAgainAfterItsLease(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_orphan");
        var clock = TestClock.At(new LocalDateTime(2026, 1, 5, 22, 0));
        // The first attempt at chunk 2 dies the way a stopping process does: cancelled, nothing recorded.
        var faults = new TestFaults { FailWhen = (_, chunk, attempt) => chunk == 2 && attempt == 1 ? throw new OperationCanceledException("node stopped") : false };
        using var host = JobHosts.Build(database.Options, "node-a", clock, faults, configure: o =>
        {
            o.Lease = TimeSpan.FromSeconds(1);
            o.WorkerEnabled = false; // only the coordinators below close chunks
        }, everyLine: true);
        await JobHosts.InitializeAsync(host.Services, Day);
        await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 12, 1), Day, seed: 9);
        await host.StartAsync();
        var close = host.Services.GetRequiredService<CloseBusinessDays>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => close.RunAsync(Day));

        Assert.Equal(Day, await JobHosts.BusinessDateAsync(host.Services));
        await JobHosts.WithDbAsync(host.Services, async db =>
        {
            var orphan = await db.CloseChunks.AsNoTracking().SingleAsync(c => c.ChunkNo == 2);
            Assert.Equal(CloseChunkState.Running, orphan.State);
            Assert.Equal("node-a", orphan.ClaimedBy);
            Assert.Equal(CloseRunState.Running, (await db.CloseRuns.AsNoTracking().SingleAsync()).State);
            // The stopped chunk's work was rolled back (other chunks may not have been reached at all).
            var open = (await db.CreditLines.AsNoTracking().ToListAsync()).Where(l => l.LastClosedDate == Day.PlusDays(-1))
                .Select(l => l.Id).ToHashSet();
            Assert.Contains(orphan.FirstLineId, open);
            Assert.Contains(orphan.LastLineId, open);
            return 0;
        });

        // Run again (the job's recovery, or the operator): it waits out the lease and takes the chunk.
        var result = await close.RunAsync(Day);

        Assert.Equal([Day], result.Closed);
        Assert.Equal(Day.PlusDays(1), await JobHosts.BusinessDateAsync(host.Services));
        await JobHosts.WithDbAsync(host.Services, async db =>
        {
            var chunks = await db.CloseChunks.AsNoTracking().ToListAsync();
            Assert.All(chunks, c => Assert.Equal(CloseChunkState.Done, c.State));
            Assert.Equal(2, chunks.Single(c => c.ChunkNo == 2).Attempts);
            Assert.Equal(Lines, chunks.Sum(c => c.LinesClosed));
            Assert.Equal(CloseRunState.Completed, (await db.CloseRuns.AsNoTracking().SingleAsync()).State);
            return 0;
        });
        var accruals = await Snapshot.AccrualsAsync(host.Services, Day);
        Assert.Equal(Lines, accruals.Count);
        Assert.All(accruals, a => Assert.Equal(1, a.Value));
        await host.StopAsync();
    }
}
