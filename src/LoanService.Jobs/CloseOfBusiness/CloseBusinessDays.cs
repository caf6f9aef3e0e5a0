using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Jobs.CloseOfBusiness;

public sealed record CloseResult(IReadOnlyList<LocalDate> Closed, LocalDate BusinessDate);

/// <summary>A close stopped because a chunk failed every retry; the run says which and why.</summary>
public sealed class CloseFailedException(LocalDate date, string detail)
    : Exception($"Close of business for {date:yyyy-MM-dd} stopped: {detail}")
{
    public LocalDate BusinessDate { get; } = date;
}

/// <summary>
/// 日终: closes the current business date, or every date through <c>through</c>, oldest first. For
/// each date it plans chunks of lines (once, whoever comes first), closes chunks alongside any
/// other instance doing the same, and moves the business date on only when every chunk of the
/// date is done. Run again after a crash or a failure, it picks up where the last run stopped.
/// The API's close endpoint and the nightly Hangfire job both call this.
/// </summary>
public sealed class CloseBusinessDays(
    IServiceScopeFactory scopes, CloseChunkProcessor processor, IClock clock, IOptions<CloseOptions> options,
    CloseMetrics metrics, ILogger<CloseBusinessDays> log, LoanService.Application.EarlyWarning.EarlyWarningClose warnings)
{
    // One close at a time per instance; instances coordinate through the database.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private CloseOptions Options => options.Value;

    public async Task<CloseResult> RunAsync(LocalDate? through, CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var current = await CurrentDateAsync(ct);
            var last = through ?? current;
            if (last < current)
                throw new DomainException(ErrorCodes.CloseThroughBeforeBusinessDate,
                    $"{last:yyyy-MM-dd} is already closed; the business date is {current:yyyy-MM-dd}.",
                    RefusalKind.Invalid) { Field = "through" };
            var closed = new List<LocalDate>();
            for (var date = current; date <= last; date = date.PlusDays(1))
            {
                await CloseDateAsync(date, ct);
                closed.Add(date);
            }
            return new CloseResult(closed, last.PlusDays(1));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Closes one date to the end, however much of it was done before.</summary>
    private async Task CloseDateAsync(LocalDate date, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await StartAsync(date, ct);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await DrainAsync(date, ct)) continue;

            var counts = await ChunkCountsAsync(date, ct);
            if (counts.GetValueOrDefault(CloseChunkState.Failed) > 0)
            {
                var error = await FailRunAsync(date, ct);
                throw new CloseFailedException(date, error);
            }
            if (counts.GetValueOrDefault(CloseChunkState.Pending) + counts.GetValueOrDefault(CloseChunkState.Running) > 0)
            {
                // Waiting for a retry's backoff, or for chunks another instance holds.
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                continue;
            }
            // Lines opened while the date was being planned or closed get chunks of their own.
            if (await PlanChunksAsync(date, ct) > 0) continue;
            // Every line is closed: the day's warnings, once, before the date moves on.
            await warnings.RunAsync(date, ct);
            var finished = await FinishAsync(date, ct);
            if (finished == -1) continue; // a posting made a line due meanwhile
            if (finished is { } lines)
            {
                metrics.DatesClosed.Add(1);
                metrics.DateFinished(lines, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                log.LogInformation("Closed business date {BusinessDate}", date);
            }
            return;
        }
    }

    /// <summary>Closes claimable chunks, <see cref="CloseOptions.Parallelism"/> at a time, until none is left; false when there was none.</summary>
    private async Task<bool> DrainAsync(LocalDate date, CancellationToken ct)
    {
        var processed = 0;
        // One worker that stops (cancelled, or the database gone) stops its siblings: left running, they
        // would go on claiming chunks, the stopped one's among them once its lease ran out.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Options.Parallelism ?? 1)).Select(async _ =>
        {
            try
            {
                while (await processor.ProcessNextAsync(date, stop.Token))
                    Interlocked.Increment(ref processed);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }));
        return processed > 0;
    }

    /// <summary>Starts the run for <paramref name="date"/>, or resumes it (a failed run's chunks get new attempts).</summary>
    private async Task StartAsync(LocalDate date, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            var run = await db.CloseRuns.SingleOrDefaultAsync(r => r.BusinessDate == date, ct);
            if (run is null)
            {
                db.CloseRuns.Add(new CloseRun { BusinessDate = date, State = CloseRunState.Running, StartedAt = clock.GetCurrentInstant() });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another instance started this date at the same moment: join its run.
                }
            }
            else if (run.State != CloseRunState.Completed)
            {
                // Whoever runs the close again gives failed chunks fresh attempts, whether or not the
                // run was marked failed before its instance stopped.
                var reset = await db.CloseChunks.Where(c => c.BusinessDate == date && c.State == CloseChunkState.Failed)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CloseChunkState.Pending)
                        .SetProperty(c => c.Attempts, 0).SetProperty(c => c.NotBefore, (Instant?)null)
                        .SetProperty(c => c.Version, c => c.Version + 1), ct);
                if (run.State == CloseRunState.Failed || reset > 0)
                {
                    run.State = CloseRunState.Running;
                    await db.SaveChangesAsync(ct);
                    log.LogWarning("Resuming the close of {BusinessDate}: {Chunks} failed chunk(s) retried", date, reset);
                }
            }
        }
    }

    /// <summary>
    /// Cuts the open lines not yet closed for <paramref name="date"/> and not in a chunk into
    /// chunks; returns how many it added, or 1 when chunks of the date are still waiting (the
    /// caller closes those first). Two instances planning at once take turns on the run's row
    /// (PostgreSQL); where there is no row lock, they collide on the chunk number, and the loser
    /// simply finds the chunks already there.
    /// </summary>
    private async Task<int> PlanChunksAsync(LocalDate date, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One instance plans at a time: the run's row is locked, and whoever gets it second finds the
        // first one's chunks waiting and closes them instead of planning the same lines again.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "CloseRuns" WHERE "BusinessDate" = {date.ToDateOnly()} FOR UPDATE""", ct);
        if (await db.CloseChunks.AnyAsync(c => c.BusinessDate == date
                && (c.State == CloseChunkState.Pending || c.State == CloseChunkState.Running), ct))
            return 1;
        var next = await db.CloseChunks.Where(c => c.BusinessDate == date).Select(c => (int?)c.ChunkNo).MaxAsync(ct) ?? 0;
        // A programme whose budget might not cover the day: all its lines are closed, in id order. Asked at the date's
        // first plan only (committed with its chunks): only a line that joins a programme can take the room away after
        // it, and the finish, which grants the quiet lines' day, finds that out (docs/subsidies.md, "Quiet days").
        if (!Options.EveryLine && next == 0) await SubsidyCloseDays.MakeDueWhereNoRoomAsync(db, date, ct);
        // Lines in no programme by id; then each programme's lines by id, in chunks of their own.
        var ids = DueOn(db, date, Options).OrderBy(l => l.SubsidyProgramId).ThenBy(l => l.Id)
            .Select(l => new { l.Id, l.SubsidyProgramId }).AsAsyncEnumerable();
        // Streamed, not listed: memory stays flat however many lines there are.
        var (added, planned, inChunk) = (0, 0, 0);
        var (first, last) = (Guid.Empty, Guid.Empty);
        Guid? program = null;
        void Cut() => db.CloseChunks.Add(new CloseChunk
        {
            BusinessDate = date, ChunkNo = next + ++added, FirstLineId = first, LastLineId = last, ProgramId = program,
            State = CloseChunkState.Pending,
        });
        await foreach (var line in ids.WithCancellation(ct))
        {
            if (inChunk > 0 && line.SubsidyProgramId != program)
            {
                Cut();
                inChunk = 0;
            }
            if (inChunk++ == 0) (first, program) = (line.Id, line.SubsidyProgramId);
            last = line.Id;
            planned++;
            if (inChunk < Options.ChunkSize) continue;
            Cut();
            inChunk = 0;
        }
        if (inChunk > 0) Cut();
        var run = await db.CloseRuns.SingleAsync(r => r.BusinessDate == date, ct);
        run.ChunkCount += added;
        run.LinesPlanned += planned;
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return added;
        }
        catch (DbUpdateException)
        {
            return 1; // another instance planned them; look again
        }
    }

    /// <summary>
    /// The open lines whose close of <paramref name="date"/> is due: their next event has come (found
    /// through the index on it), and they have not been closed for it yet. Every other line is quiet
    /// on that date: closing it would change nothing but its 积数, which the line brings in itself at
    /// its next event (<see cref="CreditLine.CatchUp"/>).
    /// </summary>
    /// <remarks>With <see cref="CloseOptions.EveryLine"/>, every open line not yet closed for the date.</remarks>
    internal static IQueryable<CreditLine> DueOn(LoanServiceDbContext db, LocalDate date, CloseOptions options)
    {
        var open = NotClosedFor(db, date);
        return options.EveryLine ? open : open.Where(l => l.NextEventDate <= date);
    }

    /// <summary>The open lines whose close of <paramref name="date"/> has not been done.</summary>
    private static IQueryable<CreditLine> NotClosedFor(LoanServiceDbContext db, LocalDate date) =>
        db.CreditLines.AsNoTracking().Where(CreditLine.IsOpenQuery).Where(l => l.LastClosedDate < date);

    /// <summary>
    /// The lines of <see cref="DueOn"/> in <paramref name="program"/> (null: in none) from <paramref name="first"/>
    /// to <paramref name="last"/>: a chunk's, in id order.
    /// Asked as "due on the date, or overdue for their close" so that each part is one range of the index
    /// on (next event, id): the lines due are spread over all ids, and the chunk's id range alone would
    /// read every line between them.
    /// </summary>
    internal static IQueryable<CreditLine> DueIn(LoanServiceDbContext db, LocalDate date, Guid first, Guid last,
        Guid? program, CloseOptions options)
    {
        var open = NotClosedFor(db, date).Where(l => l.SubsidyProgramId == program);
        return options.EveryLine
            ? open.Where(l => l.Id.CompareTo(first) >= 0 && l.Id.CompareTo(last) <= 0)
            : open.Where(l => (l.NextEventDate == date && l.Id.CompareTo(first) >= 0 && l.Id.CompareTo(last) <= 0)
                              || (l.NextEventDate < date && l.Id.CompareTo(first) >= 0 && l.Id.CompareTo(last) <= 0));
    }

    /// <summary>
    /// Moves the business date on and marks the run done: the lines it planned, or null when another
    /// instance already did, or when a posting made a line due after the last plan (then the caller
    /// plans again). The calendar row is locked first: a posting holds a share of it until it commits,
    /// so none can post on this date once it has moved, nor after the check below found nothing due.
    /// </summary>
    private async Task<int?> FinishAsync(LocalDate date, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync(
                $"""SELECT 1 FROM "BusinessCalendar" WHERE "Id" = {BusinessCalendar.SingletonId} FOR UPDATE""", ct);
        if (await DueOn(db, date, Options).AnyAsync(ct))
            return -1;
        // The quiet enrolled lines' subsidy of the date, from their programmes' budgets, by whoever moves the date: the
        // lines the close did not touch are read once, in one statement, for this and for the day's 计提.
        var quietSubsidy = new Dictionary<(Guid Cooperative, Guid Program), Money>();
        IReadOnlyList<QuietLineSums> quietLines = [];
        if (await db.BusinessCalendar.AnyAsync(c => c.Id == BusinessCalendar.SingletonId && c.BusinessDate == date, ct))
        {
            quietLines = await DailyAccruals.QuietLinesAsync(db, date, ct);
            var granted = await SubsidyCloseDays.GrantQuietDayAsync(db, date, quietLines, ct);
            if (granted is null)
            {
                // A programme's budget no longer covers its quiet lines (lines joined it after the plan): they were
                // made due, and the caller plans and closes them before it finishes again.
                await transaction.CommitAsync(ct);
                return -1;
            }
            quietSubsidy = granted;
        }
        var next = date.PlusDays(1);
        var moved = await db.BusinessCalendar
            .Where(c => c.Id == BusinessCalendar.SingletonId && c.BusinessDate == date)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.BusinessDate, next), ct);
        // The date's 计提 by cooperative and programme, written once, by the close that moves the date.
        if (moved == 1)
        {
            await DailyAccruals.WriteAsync(db, date, quietLines, quietSubsidy, ct); // saved with the programmes' budgets
        }
        var now = clock.GetCurrentInstant();
        await db.CloseRuns.Where(r => r.BusinessDate == date && r.State != CloseRunState.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, CloseRunState.Completed)
                .SetProperty(r => r.FinishedAt, now).SetProperty(r => r.LastError, (string?)null), ct);
        await transaction.CommitAsync(ct);
        scope.ServiceProvider.GetRequiredService<BusinessDateCache>().Invalidate();
        if (moved != 1) return null;
        return await db.CloseRuns.Where(r => r.BusinessDate == date).Select(r => r.LinesPlanned).SingleAsync(ct);
    }

    private async Task<string> FailRunAsync(LocalDate date, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var failed = await db.CloseChunks.AsNoTracking()
            .Where(c => c.BusinessDate == date && c.State == CloseChunkState.Failed)
            .OrderBy(c => c.ChunkNo).ToListAsync(ct);
        var error = failed.Count == 0
            ? "chunks failed and were reset by another instance meanwhile; run the close again"
            : $"{failed.Count} chunk(s) failed after {Options.MaxAttempts} attempts; first: chunk {failed[0].ChunkNo}: {failed[0].Error}";
        if (error.Length > 2000) error = error[..2000];
        await db.CloseRuns.Where(r => r.BusinessDate == date)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, CloseRunState.Failed).SetProperty(r => r.LastError, error), ct);
        log.LogError("Close of business for {BusinessDate} stopped: {Error}", date, error);
        return error;
    }

    private async Task<Dictionary<CloseChunkState, int>> ChunkCountsAsync(LocalDate date, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        return await db.CloseChunks.Where(c => c.BusinessDate == date)
            .GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    private async Task<LocalDate> CurrentDateAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BusinessCalendarStore>().CurrentAsync(ct);
    }
}
