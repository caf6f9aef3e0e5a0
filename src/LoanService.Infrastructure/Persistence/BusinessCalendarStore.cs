using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>Reads and moves the service's single business date.</summary>
public sealed class BusinessCalendarStore(LoanServiceDbContext db, BusinessDateCache cache)
{
    /// <summary>
    /// In <paramref name="db"/>'s transaction (PostgreSQL): a share of the calendar row until it commits. The
    /// close locks the row before it moves the date, so it waits for a posting or an opening on the date.
    /// SQLite's transactions serialize writers anyway.
    /// </summary>
    public static async Task ShareAsync(LoanServiceDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync(
                $"""SELECT 1 FROM "BusinessCalendar" WHERE "Id" = {BusinessCalendar.SingletonId} FOR KEY SHARE""", ct);
    }

    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb[LoanService.Domain.BusinessDay.TimeZoneId];

    /// <summary>The business date as stored now (a posting reads it with its line: <see cref="LineForPosting"/>).</summary>
    public async Task<LocalDate> CurrentAsync(CancellationToken ct = default) =>
        (await db.BusinessCalendar.AsNoTracking().SingleAsync(c => c.Id == BusinessCalendar.SingletonId, ct))
        .BusinessDate;

    /// <summary>
    /// The business date for reads (a line as owed today, a payoff quote): at most
    /// <see cref="BusinessDateCache.TimeToLive"/> old, and never older than a close finished in this
    /// process. Money is never posted on it: postings use <see cref="CurrentAsync"/>.
    /// </summary>
    public async Task<LocalDate> CurrentForReadAsync(CancellationToken ct = default)
    {
        if (cache.TryGet(out var date)) return date;
        var generation = cache.Generation;
        date = await CurrentAsync(ct);
        cache.Set(date, generation);
        return date;
    }
}

/// <summary>
/// The business date as last read, for a short while. A close that moves the date in this process
/// invalidates it; one in another instance is seen within <see cref="TimeToLive"/>.
/// </summary>
public sealed class BusinessDateCache(TimeProvider time)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(1);

    private sealed record Entry(LocalDate Date, long ExpiresAt);

    private Entry? _entry;
    private long _generation;

    public BusinessDateCache() : this(TimeProvider.System) { }

    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(out LocalDate date)
    {
        var entry = Volatile.Read(ref _entry);
        if (entry is not null && time.GetTimestamp() < entry.ExpiresAt)
        {
            date = entry.Date;
            return true;
        }
        date = default;
        return false;
    }

    /// <summary>Keeps a date read when <see cref="Generation"/> was <paramref name="generation"/>, unless a close moved it since.</summary>
    public void Set(LocalDate date, long generation)
    {
        var entry = new Entry(date, time.GetTimestamp() + (long)(TimeToLive.TotalSeconds * time.TimestampFrequency));
        lock (this)
        {
            if (Generation == generation) Volatile.Write(ref _entry, entry);
        }
    }

    /// <summary>Forgets the date; called when a close has moved it.</summary>
    public void Invalidate()
    {
        lock (this)
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _entry, null);
        }
    }
}
