using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Application.Access;

/// <summary>
/// The operator key: from configuration <c>LoanService:OperatorApiKey</c>, or, with none configured
/// and none stored, made on first start, stored as a hash and printed once to the console. Run at start-up.
/// </summary>
public sealed class OperatorKeys(LoanServiceDbContext db, IClock clock)
{
    public async Task EnsureAsync(string? configured, ILogger log)
    {
        var now = clock.GetCurrentInstant();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var hash = ApiKeys.Hash(configured);
            if (await db.ApiKeys.AnyAsync(k => k.Hash == hash)) return;
            db.ApiKeys.Add(ApiKeys.RecordOf(configured, ApiRole.Operator, null, now));
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // Several instances starting at once on a new database: one stored it first, and the key is
                // there. Anything else is a real failure.
                if (!await StoredByAnotherInstanceAsync(hash)) throw;
            }
            return;
        }
        if (await db.ApiKeys.AnyAsync(k => k.Role == ApiRole.Operator && k.RevokedAt == null)) return;
        var (key, record) = ApiKeys.Issue(ApiRole.Operator, null, now);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        // Printed, not logged: the key must not sit in log files. It is shown this once.
        Console.WriteLine($"""

            ================================================================
             Operator API key (shown once, stored only as a hash):
             {key}
            ================================================================

            """);
        log.LogWarning("Made a new operator API key {Prefix}… (printed once to the console)", ApiKeys.Prefix(key));
    }

    private async Task<bool> StoredByAnotherInstanceAsync(string hash)
    {
        db.ChangeTracker.Clear();
        return await db.ApiKeys.AsNoTracking().AnyAsync(k => k.Hash == hash);
    }
}
