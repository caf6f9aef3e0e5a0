using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace LoanService.Infrastructure.Sms;

/// <summary>The five headers of a signed request, as sent.</summary>
public sealed record SmsSignatureHeaders(string KeyId, string Timestamp, string Nonce, string ContentSha256, string Signature)
{
    public IEnumerable<KeyValuePair<string, string>> All() =>
    [
        new(SmsSignature.KeyIdHeader, KeyId), new(SmsSignature.TimestampHeader, Timestamp),
        new(SmsSignature.NonceHeader, Nonce), new(SmsSignature.ContentSha256Header, ContentSha256),
        new(SmsSignature.SignatureHeader, Signature),
    ];
}

/// <summary>
/// HMAC-SHA256 request signing, the same both ways: our sends to the provider and the provider's
/// delivery receipts to us. The signature covers
/// <c>"{keyId}\n{timestamp}\n{nonce}\n{bodySha256}"</c> (timestamp in Unix seconds, hashes in
/// lowercase hex), so a body cannot be swapped under a captured signature; the timestamp window and
/// the nonce stop a captured request being replayed.
/// </summary>
public static class SmsSignature
{
    public const string KeyIdHeader = "X-Sms-Key-Id";
    public const string TimestampHeader = "X-Sms-Timestamp";
    public const string NonceHeader = "X-Sms-Nonce";
    public const string ContentSha256Header = "X-Sms-Content-Sha256";
    public const string SignatureHeader = "X-Sms-Signature";

    /// <summary>A timestamp further than this from our clock, either way, is refused.</summary>
    public static readonly Duration Window = Duration.FromMinutes(5);

    public static string ContentSha256(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string Compute(string secret, string keyId, string timestamp, string nonce, string contentSha256) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{keyId}\n{timestamp}\n{nonce}\n{contentSha256}")));

    public static SmsSignatureHeaders Sign(string keyId, string secret, Instant now, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var hash = ContentSha256(body);
        return new SmsSignatureHeaders(keyId, timestamp, nonce, hash, Compute(secret, keyId, timestamp, nonce, hash));
    }

    /// <summary>
    /// True when the headers sign this body with our key, within <see cref="Window"/> of <paramref name="now"/>,
    /// with a nonce not seen before. Header values may be null (missing).
    /// </summary>
    public static bool Verify(string? keyId, string? timestamp, string? nonce, string? contentSha256, string? signature,
        ReadOnlySpan<byte> body, string expectedKeyId, string secret, Instant now, SmsNonces nonces)
    {
        if (keyId is null || timestamp is null || nonce is null || contentSha256 is null || signature is null) return false;
        if (nonce.Length is < 8 or > 64 || !FixedEquals(keyId, expectedKeyId)) return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        var at = Instant.FromUnixTimeSeconds(Math.Clamp(seconds, -1L << 40, 1L << 40));
        if (at < now - Window || at > now + Window) return false;
        var hash = ContentSha256(body);
        if (!FixedEquals(hash, contentSha256.ToLowerInvariant())) return false;
        if (!FixedEquals(Compute(secret, keyId, timestamp, nonce, hash), signature.ToLowerInvariant())) return false;
        // Only a correctly signed request spends its nonce, so forged requests cannot burn real ones.
        return nonces.TryUse(nonce, now);
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

/// <summary>
/// Nonces seen in the last two windows, in memory: a replay to the same instance is refused. A
/// replay to another instance within the window is not caught; receipts are idempotent, so it
/// changes nothing.
/// </summary>
public sealed class SmsNonces
{
    private readonly ConcurrentDictionary<string, Instant> _seen = new(StringComparer.Ordinal);
    private Instant _nextSweep;

    public bool TryUse(string nonce, Instant now)
    {
        if (now >= _nextSweep)
        {
            _nextSweep = now + SmsSignature.Window;
            foreach (var (key, at) in _seen)
                if (at < now - SmsSignature.Window - SmsSignature.Window) _seen.TryRemove(key, out _);
        }
        return _seen.TryAdd(nonce, now);
    }
}
