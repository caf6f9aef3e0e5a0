using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Jobs.CloseOfBusiness;

public sealed record CloseResult(IReadOnlyList<LocalDate> Closed, LocalDate BusinessDate);

/// <summary>
/// 日终: closes the current business date (or every date through <c>through</c>) for every open
/// line, a chunk of lines per transaction, then moves the business date on. A line is closed for
/// a date only if its last closed date is the day before, checked in the chunk's transaction, so
/// running it again after a crash finishes the work without closing any line twice.
/// </summary>
public sealed class CloseBusinessDays(
    IServiceScopeFactory scopes, ProductSettings settings, IClock clock, ILogger<CloseBusinessDays> log)
{
    public const int ChunkSize = 500;

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<CloseResult> RunAsync(LocalDate? through, CancellationToken ct = default)
    {
        await OneAtATime.WaitAsync(ct);
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
                ct.ThrowIfCancellationRequested();
                var lines = await CloseDateAsync(date, ct);
                await AdvanceAsync(date, ct);
                closed.Add(date);
                log.LogInformation("Closed business date {BusinessDate}: {Lines} lines", date, lines);
            }
            return new CloseResult(closed, last.PlusDays(1));
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<int> CloseDateAsync(LocalDate date, CancellationToken ct)
    {
        var previous = date.PlusDays(-1);
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            var chunk = await db.CreditLines
                .Where(l => l.LastClosedDate == previous
                            && l.Status != CreditLineStatus.Closed && l.Status != CreditLineStatus.Renewed)
                .OrderBy(l => l.Id)
                .Take(ChunkSize)
                .ToListAsync(ct);
            if (chunk.Count == 0) return total;
            var now = clock.GetCurrentInstant();
            foreach (var line in chunk)
            {
                line.CloseDay(date, settings);
                foreach (var entry in line.TakePendingJournal())
                    db.Journal.Add(JournalEntryRow.From(entry, now));
            }
            await db.SaveChangesAsync(ct);
            total += chunk.Count;
        }
    }

    private async Task<LocalDate> CurrentDateAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BusinessCalendarStore>().CurrentAsync(ct);
    }

    private async Task AdvanceAsync(LocalDate closed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var next = closed.PlusDays(1);
        var moved = await db.BusinessCalendar
            .Where(c => c.Id == BusinessCalendar.SingletonId && c.BusinessDate == closed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.BusinessDate, next), ct);
        if (moved != 1)
            throw new InvalidOperationException($"The business date moved from {closed:yyyy-MM-dd} while it was being closed.");
    }
}
