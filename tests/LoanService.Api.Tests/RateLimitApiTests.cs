using System.Net;
using Microsoft.Extensions.DependencyInjection;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>A service allowing 1 request a second per key, with a burst of 3.</summary>
public sealed class TinyRateLimitApiFactory : SqliteApiFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        settings["RateLimiting:PermitsPerSecond"] = "1";
        settings["RateLimiting:Burst"] = "3";
    }
}

/// <summary>Each API key has its own token bucket; a caller over it gets 429 with Retry-After.</summary>
public sealed class RateLimitApiTests(TinyRateLimitApiFactory factory) : IClassFixture<TinyRateLimitApiFactory>
{
    [Fact]
    public async Task Requests_OverTheKeysBurst_Are429WithRetryAfter_AndOtherKeysAreUnaffected()
    {
        var first = factory.Operator();
        // The operator spends 2 of its 3 tokens making two cooperatives, each with a bucket of its own.
        var (coop, _) = await first.CreateCooperativeAsync(factory);
        var (other, _) = await first.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");

        var answers = new List<Response>();
        for (var i = 0; i < 5; i++) answers.Add(await coop.GetAsync("/api/v1/business-date"));

        // 3 tokens, refilled at 1 a second: the first 3 pass, at least one of the rest is refused.
        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var refused = answers.Skip(3).Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        foreach (var answer in refused)
        {
            answer.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
            Assert.True(int.TryParse(answer.Headers["Retry-After"], out var seconds) && seconds >= 1,
                $"Retry-After should be whole seconds, was {answer.Headers.GetValueOrDefault("Retry-After")}");
        }

        (await other.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HealthAndSwagger_AreNotLimited()
    {
        var http = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/swagger/v1/swagger.json")).StatusCode);
        }
    }

    [Fact]
    public async Task Requests_WithoutValidKey_ShareTheRemoteAddressBucket()
    {
        // Rotating forged keys does not buy more requests: they are counted by address, not by key.
        var answers = new List<Response>();
        for (var i = 0; i < 6; i++) answers.Add(await factory.WithKey($"lsk_forged_{i}").GetAsync("/api/v1/business-date"));

        Assert.Contains(answers, a => a.Status == HttpStatusCode.Unauthorized);
        answers.First(a => a.Status == HttpStatusCode.TooManyRequests)
            .ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
    }
}

/// <summary>A service allowing 3 look-ups of unknown keys per address (1 a second), and 2 keys in the key cache.</summary>
public sealed class TinyKeyLookupApiFactory : SqliteApiFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        settings["RateLimiting:KeyLookupsPerSecond"] = "1";
        settings["RateLimiting:KeyLookupBurst"] = "3";
        settings["RateLimiting:KeyCacheSize"] = "2";
    }
}

/// <summary>Unknown keys are counted before they cost a database look-up, and leave nothing in memory.</summary>
public sealed class KeyLookupLimitApiTests(TinyKeyLookupApiFactory factory) : IClassFixture<TinyKeyLookupApiFactory>
{
    [Fact]
    public async Task RandomKeys_PastTheLookupBurst_Are429_AndCacheNothing()
    {
        var cache = factory.Services.GetRequiredService<LoanService.Api.Setup.ApiKeyCache>();
        var answers = new List<Response>();
        for (var i = 0; i < 20; i++) answers.Add(await factory.WithKey($"lsk_random_{Guid.NewGuid():N}").GetAsync("/api/v1/business-date"));

        // Authentication ran before the limiter: all 20 were looked up (401) and each left a cache entry.
        // Now a burst of 3 look-ups passes (a 4th may pass if a second went by), the rest are 429 without one.
        var looked = answers.Count(a => a.Status == HttpStatusCode.Unauthorized);
        Assert.InRange(looked, 3, 5);
        answers.First(a => a.Status == HttpStatusCode.TooManyRequests).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task KnownKeys_AreCachedUpToTheBound()
    {
        var cache = factory.Services.GetRequiredService<LoanService.Api.Setup.ApiKeyCache>();
        await Task.Delay(TimeSpan.FromSeconds(3.1)); // the other test's address bucket refilled
        var op = factory.Operator();
        var cooperatives = new List<ApiClient>();
        for (var i = 0; i < 2; i++) cooperatives.Add((await op.CreateCooperativeAsync(factory, $"福鼎市第{i}农村信用合作联社")).Client);
        await Task.Delay(TimeSpan.FromSeconds(3.1));

        foreach (var coop in cooperatives) (await coop.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK);

        // Three keys used (the operator's and two cooperatives'), a bound of 2: the cache never holds more.
        Assert.InRange(cache.Count, 1, 2);
    }
}
