using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace LoanService.Api.Setup;

/// <summary>
/// <c>RateLimiting:PermitsPerSecond</c> tokens a second per caller, up to <c>RateLimiting:Burst</c>
/// saved (twice the rate when not set).
/// </summary>
public sealed record RateLimitSettings(int PermitsPerSecond = 200, int? Burst = null)
{
    public int TokenLimit => Burst ?? PermitsPerSecond * 2;

    public RateLimitSettings Validate() => PermitsPerSecond >= 1 && TokenLimit >= 1
        ? this
        : throw new InvalidOperationException("RateLimiting:PermitsPerSecond and RateLimiting:Burst must be at least 1.");
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
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.TokenLimit,
            TokensPerPeriod = settings.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
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

    private static bool Exempt(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger");

    private static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId
            ? "key:" + keyId
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask Reject(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        // Whole seconds, rounded up: a client that waits what it is told is not refused again for the same bucket.
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemExceptionHandler.WriteAsync(http.RequestServices.GetRequiredService<IProblemDetailsService>(), http,
            ProblemExceptionHandler.Problem(429, "Too many requests.", "rate_limit.exceeded",
                $"This API key has used its requests for now; retry after {seconds} s."));
    }
}
