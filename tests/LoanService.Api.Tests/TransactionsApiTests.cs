using System.Net;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// The journal through the API: pages by cursor, and its changes add up to the line's balances.
/// Closes days, so it has a database of its own.
/// </summary>
public abstract class TransactionsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task ListTransactions_BadLimitOnAnUnknownLine_IsRefusedForTheLimit()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);

        // The paging is checked before the line is looked up: 0 is outside 1–200, whatever the line.
        (await coop.GetAsync($"/api/v1/credit-lines/{Guid.NewGuid()}/transactions?limit=0"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync($"/api/v1/credit-lines/{Guid.NewGuid()}/transactions?limit=1"))
            .ExpectProblem(HttpStatusCode.NotFound, "credit_line.not_found");
    }

    [DatabaseFact]
    public async Task ListTransactions_PagedByOne_AddsUpToTheLinesBalances()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 500m })).Expect(HttpStatusCode.Created);
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-21" })).Expect(HttpStatusCode.OK);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 100m })).Expect(HttpStatusCode.Created);
        (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK);

        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?limit=1"
                                            + (cursor is null ? "" : $"&cursor={cursor}"))).Expect(HttpStatusCode.OK);
            items.Add(Assert.Single(page["items"]!.AsArray())!);
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null && items.Count < 100);

        // Draw, Repayment; then the events only, each with what accrued before it: InterestBilled on the 20th
        // (5–20 January's accrual in it), TurnedOverdue on the 21st (the 21st's), Repayment on the 22nd: 5 entries.
        // The quiet days, and the 22nd's close (nothing due), leave no entry of their own.
        Assert.Equal(5, items.Count);
        Assert.Equal(Enumerable.Range(1, 5), items.Select(e => e["sequence"]!.GetValue<int>()));
        var all = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK);
        Assert.Null(all["nextCursor"]);
        Assert.Equal(all["items"]!.AsArray().Select(e => e!["id"]!.GetValue<Guid>()), items.Select(e => e["id"]!.GetValue<Guid>()));
        Assert.Equal(["Draw", "Repayment", "InterestBilled", "TurnedOverdue", "Repayment"],
            items.Select(e => e["kind"]!.GetValue<string>()));
        Assert.Equal("2026-01-20", items[2]["businessDate"]!.GetValue<string>());
        Assert.Equal(192.37m, items[2].Money("accruedBefore")); // 16 × 99500 × 0.0435 / 360 = 192.3666…
        Assert.Equal(12.02m, items[3].Money("accruedBefore"));  // the 21st: 99500 × 0.0435 / 360 = 12.0229…
        Assert.Equal(0.00m, items[4].Money("accruedBefore"));   // right after the 21st's close

        // 5–20 January on 99500: 16 × 99500 × 0.0435 / 360 = 192.3666… → billed 192.37, overdue at the 21st's close;
        // 22 January's 100 pays overdue interest first: 192.37 − 100 = 92.37.
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(99_500.00m, line.Money("principal"));
        Assert.Equal(92.37m, line.Money("overdueInterest"));
        Assert.Equal(0.00m, line.Money("billedInterest"));
        Assert.Equal(2, line["daysPastDue"]!.GetValue<int>());
        foreach (var balance in new[] { "principal", "overduePrincipal", "billedInterest", "overdueInterest" })
            Assert.Equal(line.Money(balance), items.Sum(e => e["change"]!.Money(balance)));
        Assert.Equal(line.Money("principal"), items[^1]["balancesAfter"]!.Money("principal"));
        Assert.Equal(line.Money("overdueInterest"), items[^1]["balancesAfter"]!.Money("overdueInterest"));

        (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?limit=0")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?cursor=!!")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
    }
}

public sealed class TransactionsApiTestsOnSqlite(SqliteApiFactory factory) : TransactionsApiTests<SqliteApiFactory>(factory);

public sealed class TransactionsApiTestsOnPostgres(PostgresApiFactory factory)
    : TransactionsApiTests<PostgresApiFactory>(factory), IPostgresTests;
