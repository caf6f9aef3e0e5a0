using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Access;

/// <summary>
/// Browser sessions that live on the server (<see cref="WebSession"/>): opened at sign-in, ended at sign-out on
/// every instance at once, and live only while open and their key is not revoked.
/// </summary>
public sealed class WebSessions(LoanServiceDbContext db, IClock clock)
{
    /// <summary>Opens a session of <paramref name="scheme"/> for key <paramref name="apiKeyId"/>; returns its id.</summary>
    public async Task<Guid> OpenAsync(string scheme, Guid apiKeyId, CancellationToken ct = default)
    {
        var session = new WebSession { Id = Guid.NewGuid(), Scheme = scheme, ApiKeyId = apiKeyId, CreatedAt = clock.GetCurrentInstant() };
        db.WebSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>Ends session <paramref name="id"/> if it is open.</summary>
    public async Task EndAsync(Guid id, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        await db.WebSessions.Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), ct);
    }

    /// <summary>The key of session <paramref name="id"/> of <paramref name="scheme"/> when the session is open and the key live; else null.</summary>
    public async Task<ApiKey?> LiveKeyAsync(Guid id, Guid apiKeyId, string scheme, CancellationToken ct = default) =>
        await db.WebSessions.AsNoTracking().AnyAsync(s => s.Id == id && s.ApiKeyId == apiKeyId && s.EndedAt == null
                && s.Scheme == scheme, ct)
            ? await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(x => x.Id == apiKeyId && x.RevokedAt == null, ct)
            : null;
}
