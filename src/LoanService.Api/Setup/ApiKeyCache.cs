using System.Threading.RateLimiting;
using LoanService.Infrastructure.Persistence;
using Microsoft.Extensions.Caching.Memory;

namespace LoanService.Api.Setup;

/// <summary>
/// The keys authentication has found, and the gate in front of finding more. Only live keys are kept
/// (an unknown key leaves nothing behind), at most <see cref="RateLimitSettings.KeyCacheSize"/> of them,
/// each for a minute, so a revoked key stops working within that minute. A key not in the cache costs a
/// database look-up, and those are counted per remote address before they are made: 1,500 random keys
/// cost at most the address's look-up burst, then 429, and no memory.
/// </summary>
public sealed class ApiKeyCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly MemoryCache _keys;
    private readonly PartitionedRateLimiter<string> _lookups;

    public ApiKeyCache(RateLimitSettings settings)
    {
        _keys = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.KeyCacheSize });
        var options = RateLimiting.Bucket(settings.KeyLookupsPerSecond, settings.LookupTokenLimit);
        _lookups = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetTokenBucketLimiter(address, _ => options));
    }

    /// <summary>How many keys the cache holds now.</summary>
    public int Count => _keys.Count;

    public bool TryGet(string hash, out ApiKey? key) => _keys.TryGetValue(hash, out key);

    /// <summary>A permit for one look-up from <paramref name="address"/>; dispose it after the look-up.</summary>
    public RateLimitLease AcquireLookup(string address) => _lookups.AttemptAcquire(address);

    public void Remember(string hash, ApiKey key) =>
        _keys.Set(hash, key, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    public void Dispose()
    {
        _keys.Dispose();
        _lookups.Dispose();
    }
}
