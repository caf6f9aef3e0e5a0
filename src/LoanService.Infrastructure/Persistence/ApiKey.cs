using NodaTime;

namespace LoanService.Infrastructure.Persistence;

public enum ApiRole
{
    Operator,
    Cooperative,
    OrgDepartment,
}

/// <summary>An API key, stored only as the SHA-256 of the key; the key itself is shown once.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public string Hash { get; set; } = "";

    /// <summary>The first characters of the key, to tell keys apart in lists and logs.</summary>
    public string Prefix { get; set; } = "";

    public ApiRole Role { get; set; }

    /// <summary>The cooperative or organization department the key acts for; null for the operator.</summary>
    public Guid? TenantId { get; set; }

    public Instant CreatedAt { get; set; }
    public Instant? RevokedAt { get; set; }
}
