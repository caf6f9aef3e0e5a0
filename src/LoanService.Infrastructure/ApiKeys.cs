using System.Security.Cryptography;
using System.Text;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Infrastructure;

/// <summary>
/// API keys: 32 random bytes, shown once as <c>lsk_…</c>, stored as their SHA-256. A key carries
/// 256 bits of entropy, so a plain hash is enough: there is nothing to guess.
/// </summary>
public static class ApiKeys
{
    public const string Scheme = "lsk_";

    public static string Generate() =>
        Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Makes a new key for a role (and tenant): the key to show once, and the record to store.</summary>
    public static (string Key, ApiKey Record) Issue(ApiRole role, Guid? tenantId, Instant now)
    {
        var key = Generate();
        return (key, RecordOf(key, role, tenantId, now));
    }

    /// <summary>The stored form of <paramref name="key"/>: its hash and prefix, never the key.</summary>
    public static ApiKey RecordOf(string key, ApiRole role, Guid? tenantId, Instant now) => new()
    {
        Id = Guid.NewGuid(), Hash = Hash(key), Prefix = Prefix(key), Role = role, TenantId = tenantId, CreatedAt = now,
    };

    /// <summary>The key's first characters, safe to show and log.</summary>
    public static string Prefix(string key) => key.Length <= 10 ? key : key[..10];
}
