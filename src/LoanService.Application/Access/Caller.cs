using System.Security.Claims;
using LoanService.Infrastructure.Persistence;

namespace LoanService.Application;

/// <summary>Who is calling: the role and, for cooperatives and departments, the tenant.</summary>
public sealed record Caller(ApiRole Role, Guid? TenantId, Guid KeyId)
{
    /// <summary>The claim naming the caller's tenant, in an API key's principal and a page session's alike.</summary>
    public const string TenantClaim = "tenant";

    public static Caller From(ClaimsPrincipal user) => new(
        Enum.Parse<ApiRole>(user.FindFirst(ClaimTypes.Role)!.Value),
        user.FindFirst(TenantClaim)?.Value is { } t ? Guid.Parse(t) : null,
        Guid.Parse(user.FindFirst(ClaimTypes.NameIdentifier)!.Value));

    /// <summary>The cooperative this caller acts for; only cooperative keys reach endpoints that ask.</summary>
    public Guid CooperativeId => Role == ApiRole.Cooperative && TenantId is { } id
        ? id : throw new InvalidOperationException("Not a cooperative key.");

    /// <summary>The idempotency scope: keys of one tenant never collide with another's.</summary>
    public string Scope => TenantId?.ToString() ?? "operator";
}
