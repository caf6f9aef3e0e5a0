using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// The event-driven close reads only the lines with an event; a partner posting to a quiet line while the
/// date closes makes that line due, and the close plans it before it moves the date: every repayment
/// accepted on the date is in that date's close, none is left for the next.
/// </summary>
public abstract class QuietLinesDuringCloseTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Close_WhilePostingsHitQuietLines_ClosesEveryLinePostedToOnThatDate()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var lines = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
            (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 60_000m })).Expect(HttpStatusCode.Created);
            lines.Add(id);
        }
        await op.CloseThroughAsync("2026-01-05"); // the draws' day: every line closed; the 6th is quiet for all

        using var stop = new CancellationTokenSource();
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<Guid, int>();
        var posters = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = lines[(worker * 5 + n) % lines.Count];
                var answer = await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 1m });
                if (answer.Status == HttpStatusCode.Created) accepted.AddOrUpdate(id, 1, (_, c) => c + 1);
                else answer.ExpectProblem(HttpStatusCode.Conflict, "line.business_date_mismatch");
            }
        })).ToList();
        await Task.Delay(150);
        var closed = (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK);
        await stop.CancelAsync();
        await Task.WhenAll(posters);

        Assert.Equal("2026-01-07", closed["businessDate"]!.GetValue<string>());
        var run = (await op.GetAsync("/api/v1/operations/close-runs/2026-01-06")).Expect(HttpStatusCode.OK);
        Assert.Equal("Completed", run["state"]!.GetValue<string>());
        Assert.Equal(0, run["chunksFailed"]!.GetValue<int>());
        Assert.NotEmpty(accepted);
        foreach (var id in lines)
        {
            var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
            var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?limit=200")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
            var repayments = journal.Where(e => e!["kind"]!.GetValue<string>() == "Repayment").ToList();
            Assert.Equal(accepted.GetValueOrDefault(id), repayments.Count);
            // Each 1.00 went to principal (nothing billed yet), and the two days accrued on what was owed each evening:
            // the 5th on 60,000, the 6th on 60,000 less that day's repayments (a poster may have got one in on the 7th).
            var onTheSixth = repayments.Count(e => e!["businessDate"]!.GetValue<string>() == "2026-01-06");
            Assert.Equal(60_000m - repayments.Count, line.Money("principal"));
            Assert.Equal(decimal.Round(60_000m * 0.0435m / 360m + (60_000m - onTheSixth) * 0.0435m / 360m, 2),
                line.Money("accruedInterest"));
        }
        // Postings on the 7th are taken as usual: the 6th is closed for every line.
        (await coop.PostAsync($"/api/v1/credit-lines/{lines[0]}/repayments", new { amount = 1m })).Expect(HttpStatusCode.Created);
    }
}

public sealed class QuietLinesDuringCloseTestsOnSqlite(BusySqliteApiFactory factory)
    : QuietLinesDuringCloseTests<BusySqliteApiFactory>(factory);

public sealed class QuietLinesDuringCloseTestsOnPostgres(BusyPostgresApiFactory factory)
    : QuietLinesDuringCloseTests<BusyPostgresApiFactory>(factory), IPostgresTests;
