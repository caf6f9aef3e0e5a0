using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Application.Access;

/// <summary>Finds the live (not revoked) key of a presented secret, for the API's key scheme and the pages' sign-ins.</summary>
public sealed class ApiKeyLookup(LoanServiceDbContext db)
{
    /// <summary>The live key whose hash is <paramref name="hash"/> (<see cref="ApiKeys.Hash"/> of the secret), or null.</summary>
    public Task<ApiKey?> LiveByHashAsync(string hash, CancellationToken ct = default) =>
        db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
}
