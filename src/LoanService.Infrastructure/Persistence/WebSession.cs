using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// A browser session signed in with an API key (the department page's; an operator sign-in can use the
/// same table under its own scheme). The cookie only names it: ending the row here ends the session on
/// every instance, whoever holds a copy of the cookie.
/// </summary>
public sealed class WebSession
{
    public Guid Id { get; set; }

    /// <summary>The authentication scheme that issued it, e.g. <c>DepartmentSession</c>.</summary>
    public string Scheme { get; set; } = "";

    public Guid ApiKeyId { get; set; }
    public Instant CreatedAt { get; set; }

    /// <summary>When it was signed out; null while it lives.</summary>
    public Instant? EndedAt { get; set; }
}
