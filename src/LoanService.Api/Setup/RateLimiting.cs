using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace LoanService.Api.Setup;

/// <summary>
/// <c>RateLimiting:PermitsPerSecond</c> tokens a second per caller, up to <c>RateLimiting:Burst</c>
/// saved (twice the rate when not set).
/// </summary>
/// <para><c>RateLimiting:KeyLookupsPerSecond</c> (20, burst <c>KeyLookupBurst</c>, twice that) bounds the
/// database look-ups of keys not in the key cache, per remote address; <c>RateLimiting:KeyCacheSize</c>
/// (10,000) bounds how many known keys the cache holds.</para>
public sealed record RateLimitSettings(int PermitsPerSecond = 200, int? Burst = null, int KeyLookupsPerSecond = 20,
    int? KeyLookupBurst = null, int KeyCacheSize = 10_000)
{
    public int TokenLimit => Burst ?? PermitsPerSecond * 2;

    public int LookupTokenLimit => KeyLookupBurst ?? KeyLookupsPerSecond * 2;

    public RateLimitSettings Validate() => PermitsPerSecond >= 1 && TokenLimit >= 1 && KeyLookupsPerSecond >= 1
                                           && LookupTokenLimit >= 1 && KeyCacheSize >= 1
        ? this
        : throw new InvalidOperationException(
            "RateLimiting:PermitsPerSecond, Burst, KeyLookupsPerSecond, KeyLookupBurst and KeyCacheSize must be at least 1.");
}

/// <summary>
/// A token bucket per API key, so that one partner's burst cannot starve the others. The bucket is
/// chosen after authentication: a valid key is its own partition (by its record id, one-to-one with
/// the key's hash); a missing or forged key falls into its remote address's bucket, so that rotating
/// forged keys buys no extra requests. Health checks and the OpenAPI document are never limited.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, RateLimitSettings settings)
    {
        services.AddSingleton(new ApiKeyCache(settings));
        var options = Bucket(settings.PermitsPerSecond, settings.TokenLimit);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                Exempt(http.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => options));
            o.OnRejected = Reject;
        });
    }

    /// <summary><paramref name="perSecond"/> tokens a second, up to <paramref name="limit"/> saved; no queue.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int perSecond, int limit) => new()
    {
        TokenLimit = limit,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool Exempt(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger");

    private static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId
            ? "key:" + keyId
            : "ip:" + AddressOf(http);

    private static ValueTask Reject(OnRejectedContext context, CancellationToken ct) =>
        new(WriteTooManyAsync(context.HttpContext, context.Lease));

    internal static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static async Task WriteTooManyAsync(HttpContext http, RateLimitLease lease)
    {
        // Whole seconds, rounded up: a client that waits what it is told is not refused again for the same bucket.
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemExceptionHandler.WriteAsync(http.RequestServices.GetRequiredService<IProblemDetailsService>(), http,
            ProblemExceptionHandler.Problem(429, "Too many requests.", "rate_limit.exceeded",
                $"This API key has used its requests for now; retry after {seconds} s."));
    }
}
