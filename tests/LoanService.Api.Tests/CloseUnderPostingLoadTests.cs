using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Small chunks and no rate limit: a close with many chunks under a steady posting load.</summary>
public sealed class BusySqliteApiFactory : SqliteApiFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        LiftRateLimit(settings);
        settings["CloseOfBusiness:ChunkSize"] = "2";
    }
}

public sealed class BusyPostgresApiFactory : PostgresApiFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        LiftRateLimit(settings);
        settings["CloseOfBusiness:ChunkSize"] = "2";
    }
}

/// <summary>
/// Partners keep posting while the day closes. A chunk locks its lines, so postings wait for it
/// instead of changing lines under it; once a line is closed for the date, a posting to it is
/// refused 409 until the date moves. The close completes, and no chunk fails.
/// </summary>
public abstract class CloseUnderPostingLoadTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Close_WhilePostingsHitTheSameLines_CompletesWithoutFailedChunks()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var lines = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
            (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 50_000m })).Expect(HttpStatusCode.Created);
            lines.Add(id);
        }

        using var stop = new CancellationTokenSource();
        var accepted = 0;
        var posters = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var answer = await coop.PostAsync($"/api/v1/credit-lines/{lines[(worker + n) % lines.Count]}/repayments", new { amount = 1m });
                if (answer.Status == HttpStatusCode.Created) Interlocked.Increment(ref accepted);
                else answer.ExpectProblem(HttpStatusCode.Conflict, "line.business_date_mismatch");
            }
        })).ToList();

        await Task.Delay(200);
        var closed = (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK);
        await stop.CancelAsync();
        await Task.WhenAll(posters);

        Assert.Equal("2026-01-06", closed["businessDate"]!.GetValue<string>());
        var run = (await op.GetAsync("/api/v1/operations/close-runs/2026-01-05")).Expect(HttpStatusCode.OK);
        Assert.Equal("Completed", run["state"]!.GetValue<string>());
        Assert.Equal(0, run["chunksFailed"]!.GetValue<int>());
        Assert.True(accepted > 0);
        foreach (var id in lines)
        {
            var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
            var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?limit=200")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
            Assert.Equal(line.Money("principal"), journal.Sum(e => e!["change"]!.Money("principal")));
            // The day of the draws and repayments needed nothing but its accrual, which the line carries in
            // closed form: no accrual entry, and the line reads a day's interest on what it owes.
            Assert.DoesNotContain(journal, e => e!["kind"]!.GetValue<string>() == "Accrual");
            Assert.Equal(decimal.Round(line.Money("principal") * 0.0435m / 360m, 2), line.Money("accruedInterest"));
        }
    }
}

public sealed class CloseUnderPostingLoadTestsOnSqlite(BusySqliteApiFactory factory)
    : CloseUnderPostingLoadTests<BusySqliteApiFactory>(factory);

public sealed class CloseUnderPostingLoadTestsOnPostgres(BusyPostgresApiFactory factory)
    : CloseUnderPostingLoadTests<BusyPostgresApiFactory>(factory), IPostgresTests;
