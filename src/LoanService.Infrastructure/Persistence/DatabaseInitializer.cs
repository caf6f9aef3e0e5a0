using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>Applies the migrations at start-up and sets the first business date on an empty database.</summary>
public sealed class DatabaseInitializer(LoanServiceDbContext db, IClock clock, ILogger<DatabaseInitializer> log)
{
    public async Task InitializeAsync(LocalDate? firstBusinessDate, CancellationToken ct = default)
    {
        if (db.Database.GetDbConnection().DataSource is { Length: > 0 } file && db.Database.IsSqlite())
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".");
        if (db.Database.IsSqlite())
            // WAL lets readers go on while one writer (a posting, a close chunk) writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
        if (!await db.BusinessCalendar.AnyAsync(ct))
        {
            var date = firstBusinessDate ?? clock.GetCurrentInstant().InZone(BusinessCalendarStore.Zone).Date;
            db.BusinessCalendar.Add(new BusinessCalendar { BusinessDate = date });
            await db.SaveChangesAsync(ct);
            log.LogInformation("Business date set to {BusinessDate} on a new database", date);
        }
    }

    /// <summary>Whether every migration the code knows has been applied.</summary>
    public async Task<bool> IsCurrentAsync(CancellationToken ct = default) =>
        !(await db.Database.GetPendingMigrationsAsync(ct)).Any();
}
