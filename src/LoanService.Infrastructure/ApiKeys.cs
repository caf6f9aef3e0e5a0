using System.Security.Cryptography;
using System.Text;

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

    /// <summary>The key's first characters, safe to show and log.</summary>
    public static string Prefix(string key) => key.Length <= 10 ? key : key[..10];
}
