using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.CloseOfBusiness;

/// <summary>A close run with its chunks, in chunk order.</summary>
public sealed record CloseRunView(CloseRun Run, IReadOnlyList<CloseChunk> Chunks);

/// <summary>What the operator reads of the close's runs.</summary>
public sealed class CloseRunQueries(LoanServiceDbContext db)
{
    /// <summary>Runs before <paramref name="before"/> (all when null), newest first, <paramref name="size"/> at most.</summary>
    public async Task<(IReadOnlyList<CloseRunView> Runs, bool More)> ListAsync(LocalDate? before, int size, CancellationToken ct)
    {
        var query = db.CloseRuns.AsNoTracking();
        if (before is { } b) query = query.Where(r => r.BusinessDate < b);
        var runs = await query.OrderByDescending(r => r.BusinessDate).Take(size + 1).ToListAsync(ct);
        var views = new List<CloseRunView>();
        foreach (var run in runs.Take(size)) views.Add(new CloseRunView(run, await ChunksAsync(run.BusinessDate, ct)));
        return (views, runs.Count > size);
    }

    public async Task<CloseRunView> GetAsync(LocalDate businessDate, CancellationToken ct)
    {
        var run = await db.CloseRuns.AsNoTracking().SingleOrDefaultAsync(r => r.BusinessDate == businessDate, ct)
                  ?? throw new NotFoundException("close_run.not_found", $"No close has run for {businessDate:yyyy-MM-dd}.");
        return new CloseRunView(run, await ChunksAsync(businessDate, ct));
    }

    private async Task<IReadOnlyList<CloseChunk>> ChunksAsync(LocalDate date, CancellationToken ct) =>
        await db.CloseChunks.AsNoTracking().Where(c => c.BusinessDate == date).OrderBy(c => c.ChunkNo).ToListAsync(ct);
}
