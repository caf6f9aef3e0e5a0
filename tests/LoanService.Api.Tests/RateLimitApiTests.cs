using System.Net;
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
