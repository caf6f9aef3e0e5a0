using System.Diagnostics;
using LoanService.Application.CreditLines;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>
/// Claims one chunk of a date's close and closes its lines in one transaction. Claims are
/// optimistic (a chunk's version must not have moved), so two instances never hold one chunk, and
/// a line is closed only while its close of the date is due and not done, checked in the same
/// transaction that closes it: a chunk run twice closes nothing twice.
/// </summary>
public sealed class CloseChunkProcessor(
    IServiceScopeFactory scopes, ProductSettings settings, IClock clock, IOptions<CloseOptions> options,
    LineCloseWriter writer, ICloseFaultInjector faults, CloseMetrics metrics, ILogger<CloseChunkProcessor> log)
{
    private CloseOptions Options => options.Value;

    /// <summary>Claims and closes the next claimable chunk of <paramref name="date"/>; false when there is none now.</summary>
    public async Task<bool> ProcessNextAsync(LocalDate date, CancellationToken ct)
    {
        var chunk = await ClaimAsync(date, ct);
        if (chunk is null) return false;
        var watch = Stopwatch.StartNew();
        try
        {
            var lines = await CloseLinesAsync(chunk, ct);
            metrics.LinesClosed.Add(lines);
            metrics.ChunkDuration.Record(watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.ChunkFailures.Add(1);
            await RecordFailureAsync(chunk, e, ct);
        }
        return true;
    }

    private async Task<CloseChunk?> ClaimAsync(LocalDate date, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var now = clock.GetCurrentInstant();
        var orphanedBefore = now - Duration.FromTimeSpan(Options.Lease);
        // A programme's chunk waits for its programme's earlier chunks: its budget is used in line-id order.
        var candidates = await db.CloseChunks
            .Where(c => c.BusinessDate == date
                        && ((c.State == CloseChunkState.Pending && (c.NotBefore == null || c.NotBefore <= now))
                            || (c.State == CloseChunkState.Running && c.ClaimedAt < orphanedBefore)))
            .Where(c => c.ProgramId == null || !db.CloseChunks.Any(o => o.BusinessDate == date && o.ProgramId == c.ProgramId
                                                                         && o.ChunkNo < c.ChunkNo && o.State != CloseChunkState.Done))
            .OrderBy(c => c.ChunkNo).Take(8).ToListAsync(ct);
        foreach (var chunk in candidates.OrderBy(_ => Random.Shared.Next()))
        {
            chunk.State = CloseChunkState.Running;
            chunk.ClaimedBy = Options.NodeId;
            // The moment of the claim, read after the query: the moment before it may be older than the claim of
            // the chunk this one waited for, when that chunk was claimed and done while the query waited.
            chunk.ClaimedAt = clock.GetCurrentInstant();
            chunk.Attempts++;
            chunk.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return chunk;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(chunk).State = EntityState.Detached;
            }
        }
        return null;
    }

    private async Task<int> CloseLinesAsync(CloseChunk chunk, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var date = chunk.BusinessDate;
        var (first, last) = (chunk.FirstLineId, chunk.LastLineId);
        // Read without tracking and written back in bulk by the writer, which keeps EF Core's
        // version check: tracking a chunk's lines cost more than closing them.
        await writer.LockAsync(db, first, last, chunk.ProgramId, date, Options.EveryLine, ct);
        var lines = await CloseBusinessDays.DueIn(db, date, first, last, chunk.ProgramId, Options)
            .OrderBy(l => l.Id)
            .Select(l => new VersionedLine(l, EF.Property<int>(l, LoanServiceDbContext.LineVersion)))
            .ToListAsync(ct);
        var changes = LineChanges.ForClose(db, writer, lines, clock.GetCurrentInstant());
        var cadences = await CadencesAsync(db, ct);
        // The chunk's subsidy programmes, locked after its lines: their budgets are shared with other chunks.
        var budget = await SubsidyLedger.LoadAsync(db, lines.Select(l => l.Line), ct);
        var accruals = new DailyAccruals.Parts(date, chunk.ChunkNo);
        var journal = new List<JournalEntry>(); // each line's entries, handed over by its close and taken at once
        for (var i = 0; i < lines.Count; i++)
        {
            // The line a few places ahead is fetched from memory while this one closes (CreditLine.Prefetch).
            if (i + CreditLine.PrefetchDistance < lines.Count) lines[i + CreditLine.PrefetchDistance].Line.Prefetch();
            var line = lines[i].Line;
            // The day's 计提 from the balances the day ended with, before the close moves them.
            accruals.Add(line);
            // The close's reminders and overdue notices commit with it, or not at all.
            var cadence = cadences.GetValueOrDefault(line.CooperativeId, NoticeCadence.Default);
            if (Options.EveryLine)
            {
                line.CatchUp(date);
                line.CloseDay(date, settings, budget, cadence);
                accruals.AddSubsidy(line);
                await changes.TakeAsync(line, NoticePlanner.AfterClose(line, date, settings, cadence, budget), ct);
            }
            else
            {
                var notices = line.CloseEventDay(date, settings, cadence, budget, journal);
                accruals.AddSubsidy(line);
                await changes.TakeAsync(line, notices, ct, handedOver: journal);
            }
        }
        accruals.SaveWith(db);
        foreach (var orphan in await changes.SaveAsync(ct))
            log.LogWarning("No {Kind} notice for line {LineId}: its cooperative is not registered", orphan.Kind, orphan.LineId);
        faults.BeforeCommit(date, chunk.ChunkNo);
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var (no, version, count) = (chunk.ChunkNo, chunk.Version, lines.Count);
        var finished = await db.CloseChunks
            .Where(c => c.BusinessDate == date && c.ChunkNo == no && c.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.State, CloseChunkState.Done)
                .SetProperty(c => c.LinesClosed, count)
                .SetProperty(c => c.DurationMs, elapsed)
                .SetProperty(c => c.Error, (string?)null), ct);
        if (finished != 1)
        {
            // Our lease ran out and another instance took the chunk: let its work count, not ours.
            await transaction.RollbackAsync(CancellationToken.None);
            log.LogWarning("Chunk {ChunkNo} of {BusinessDate} was taken over by another instance", no, date);
            return 0;
        }
        await transaction.CommitAsync(ct);
        return count;
    }

    private static async Task<Dictionary<Guid, NoticeCadence>> CadencesAsync(LoanServiceDbContext db, CancellationToken ct) =>
        (await db.Cooperatives.AsNoTracking().Where(c => c.NoticeCadence != null).ToListAsync(ct))
        .ToDictionary(c => c.Id, c => c.Cadence);

    private async Task RecordFailureAsync(CloseChunk chunk, Exception error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var giveUp = chunk.Attempts >= Options.MaxAttempts;
        var wait = Options.RetryBackoff * Math.Pow(2, chunk.Attempts - 1);
        var notBefore = clock.GetCurrentInstant() + Duration.FromTimeSpan(wait);
        var message = $"{error.GetType().Name}: {error.Message}";
        if (message.Length > 2000) message = message[..2000];
        var (date, no, version) = (chunk.BusinessDate, chunk.ChunkNo, chunk.Version);
        await db.CloseChunks
            .Where(c => c.BusinessDate == date && c.ChunkNo == no && c.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.State, giveUp ? CloseChunkState.Failed : CloseChunkState.Pending)
                .SetProperty(c => c.NotBefore, giveUp ? null : notBefore)
                .SetProperty(c => c.Error, message), ct);
        log.LogError(error, "Chunk {ChunkNo} of {BusinessDate} failed (attempt {Attempt} of {MaxAttempts}){Outcome}",
            no, date, chunk.Attempts, Options.MaxAttempts, giveUp ? "; giving up" : $"; retrying in {wait.TotalSeconds:0.#} s");
    }
}
