using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.Setup;

/// <summary>
/// The operator key: from configuration <c>LoanService:OperatorApiKey</c>, or, with none configured
/// and none stored, made on first start, stored as a hash and printed once to the console.
/// </summary>
internal static class OperatorKey
{
    public static async Task EnsureAsync(LoanServiceDbContext db, string? configured, IClock clock, ILogger log)
    {
        var now = clock.GetCurrentInstant();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var hash = ApiKeys.Hash(configured);
            if (!await db.ApiKeys.AnyAsync(k => k.Hash == hash))
            {
                db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Hash = hash, Prefix = ApiKeys.Prefix(configured), Role = ApiRole.Operator, CreatedAt = now });
                await db.SaveChangesAsync();
            }
            return;
        }
        if (await db.ApiKeys.AnyAsync(k => k.Role == ApiRole.Operator && k.RevokedAt == null)) return;
        var key = ApiKeys.Generate();
        db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Hash = ApiKeys.Hash(key), Prefix = ApiKeys.Prefix(key), Role = ApiRole.Operator, CreatedAt = now });
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
}
