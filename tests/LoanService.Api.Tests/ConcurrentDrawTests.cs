using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Concurrent draws on one line can never together exceed its limit, whatever the database.</summary>
public abstract class ConcurrentDrawTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task FiftyConcurrentDraws_AcceptedOnesStayWithinTheLimit_AndTheJournalMatches()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 50_000m))["id"]!.GetValue<Guid>();

        // 50 × 1,999.99 = 99,999.50 asked for against a 50,000.00 limit: at most 25 can fit (49,999.75).
        using var start = new ManualResetEventSlim();
        var draws = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_999.99m }, $"draw-{i}");
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(draws);

        var accepted = answers.Count(a => a.Status == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a =>
            Assert.Contains(a.Status, new[] { HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict }));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.UnprocessableEntity), a =>
            Assert.Equal("draw.exceeds_available", a.Json["code"]!.GetValue<string>()));
        Assert.InRange(accepted, 1, 25);

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(accepted * 1_999.99m, line.Money("principal"));
        Assert.True(line.Money("principal") <= 50_000m);
        var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?limit=200")).Expect(HttpStatusCode.OK);
        var entries = journal["items"]!.AsArray();
        Assert.Equal(accepted, entries.Count);
        Assert.Equal(accepted * 1_999.99m, entries.Sum(e => e!["change"]!.Money("principal")));
        Assert.Equal(Enumerable.Range(1, accepted), entries.Select(e => e!["sequence"]!.GetValue<int>()));
    }
}

public sealed class ConcurrentDrawTestsOnSqlite(SqliteApiFactory factory) : ConcurrentDrawTests<SqliteApiFactory>(factory);

public sealed class ConcurrentDrawTestsOnPostgres(PostgresApiFactory factory)
    : ConcurrentDrawTests<PostgresApiFactory>(factory), IPostgresTests;
