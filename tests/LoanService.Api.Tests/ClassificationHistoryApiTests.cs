using System.Net;
using LoanService.Api.Tests.Support;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Api.Tests;

/// <summary>
/// A line's classification history and its class on past dates, through the API. Closes days, so it has a
/// database of its own: 100000 drawn 2026-01-05 at 4.35%, the 20 January bill (due 21 January) never paid.
/// </summary>
public abstract class ClassificationHistoryApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task History_LineGoingOverdueThroughTheClose_ListsEachChangeAndGivesTheClassOnPastDates()
    {
        var op = factory.Operator();
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var (other, _) = await op.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);

        // Opened: no change yet, 正常 since the start.
        Assert.Empty(await HistoryAsync(coop, id));
        Assert.Equal("Normal", await ClassOnAsync(coop, id, "2026-01-05"));

        // Billed at the close of 20 January, due 21 January, unpaid at its close: 1 day past due on 22 January (关注);
        // 91 days on 22 April (次级), decided at the close of 21 April.
        var closed = (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-04-21" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("2026-04-22", closed["businessDate"]!.GetValue<string>());
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Substandard", line["classification"]!.GetValue<string>());
        Assert.Equal(91, line["daysPastDue"]!.GetValue<int>());

        // Everything overdue paid on 22 April: days past due are live (0 at once), the class is held (次级 for six
        // months after the first clean close), so the close of 22 April changes nothing.
        var payoff = (await coop.GetAsync($"/api/v1/credit-lines/{id}/payoff-quote")).Expect(HttpStatusCode.OK);
        var breakdown = payoff["breakdown"]!;
        var overdue = breakdown.Money("penaltyInterest") + breakdown.Money("overdueInterest");
        var paid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = overdue }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(0, paid["line"]!["daysPastDue"]!.GetValue<int>());
        (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK); // closes 22 April

        var history = await HistoryAsync(coop, id);
        Assert.Equal(
            [("2026-01-22", "Normal", "SpecialMention"), ("2026-04-22", "SpecialMention", "Substandard")],
            history);
        foreach (var (on, expected) in new[]
                 {
                     ("2026-01-05", "Normal"), ("2026-01-21", "Normal"), ("2026-01-22", "SpecialMention"),
                     ("2026-03-01", "SpecialMention"), ("2026-04-21", "SpecialMention"), ("2026-04-22", "Substandard"),
                     ("2026-04-23", "Substandard"),
                 })
            Assert.Equal(expected, await ClassOnAsync(coop, id, on));
        // Without `on`: the current business date, 23 April.
        var today = (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification")).Expect(HttpStatusCode.OK);
        Assert.Equal("2026-04-23", today["on"]!.GetValue<string>());
        Assert.Equal("Substandard", today["classification"]!.GetValue<string>());
        Assert.Equal(id, today["lineId"]!.GetValue<Guid>());

        // Stored with the line's cooperative.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            var rows = await db.ClassificationChanges.AsNoTracking().Where(c => c.LineId == id).ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal(coopId, r.CooperativeId));
        }

        // Refused: before the start, after the current business date, no date; another cooperative's line is not found.
        (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification?on=2026-01-04"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification?on=2026-04-24"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification?on=2026-02-30"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification?on=10000-01-01"))
            .ExpectProblem(HttpStatusCode.BadRequest, "date.out_of_range");
        (await other.GetAsync($"/api/v1/credit-lines/{id}/classification?on=2026-03-01"))
            .ExpectProblem(HttpStatusCode.NotFound, "credit_line.not_found");
        (await other.GetAsync($"/api/v1/credit-lines/{id}/classification-history"))
            .ExpectProblem(HttpStatusCode.NotFound, "credit_line.not_found");
        // Paging is checked before the line is looked up, as on the journal.
        (await other.GetAsync($"/api/v1/credit-lines/{id}/classification-history?limit=0"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        var firstPage = (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification-history?limit=1")).Expect(HttpStatusCode.OK);
        Assert.Equal("2026-01-22", Assert.Single(firstPage["items"]!.AsArray())!["effectiveDate"]!.GetValue<string>());
        var cursor = firstPage["nextCursor"]!.GetValue<string>();
        var secondPage = (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification-history?limit=1&cursor={cursor}"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("2026-04-22", Assert.Single(secondPage["items"]!.AsArray())!["effectiveDate"]!.GetValue<string>());
        Assert.Null(secondPage["nextCursor"]?.GetValue<string>());
    }

    internal static async Task<List<(string, string, string)>> HistoryAsync(ApiClient coop, Guid id)
    {
        var items = (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification-history")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        return items.Select(i => (i!["effectiveDate"]!.GetValue<string>(), i["from"]!.GetValue<string>(), i["to"]!.GetValue<string>()))
            .ToList();
    }

    internal static async Task<string> ClassOnAsync(ApiClient coop, Guid id, string on)
    {
        var answer = (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification?on={on}")).Expect(HttpStatusCode.OK);
        Assert.Equal(on, answer["on"]!.GetValue<string>());
        return answer["classification"]!.GetValue<string>();
    }
}

public sealed class ClassificationHistoryApiTestsOnSqlite(SqliteApiFactory factory)
    : ClassificationHistoryApiTests<SqliteApiFactory>(factory);

public sealed class ClassificationHistoryApiTestsOnPostgres(PostgresApiFactory factory)
    : ClassificationHistoryApiTests<PostgresApiFactory>(factory), IPostgresTests;

/// <summary>
/// A line from before the history was kept has no change rows: its class now is reported on every date since
/// its start (docs/domain.md, "Classification history"). Its own database: 100000 drawn 2026-01-05, the
/// 20 January bill unpaid, 关注 from 22 January; the row the close made is then deleted, as the upgrade left it.
/// </summary>
public abstract class ClassificationUpgradeApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task ClassOn_LineUpgradedWithoutRows_IsItsCurrentClassOnEveryDate()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-21" })).Expect(HttpStatusCode.OK);
        Assert.Equal([("2026-01-22", "Normal", "SpecialMention")], await ClassificationHistoryApiTests<TFactory>.HistoryAsync(coop, id));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            Assert.Equal(1, await db.ClassificationChanges.Where(c => c.LineId == id).ExecuteDeleteAsync());
        }

        Assert.Empty(await ClassificationHistoryApiTests<TFactory>.HistoryAsync(coop, id));
        foreach (var on in new[] { "2026-01-05", "2026-01-21", "2026-01-22" })
            Assert.Equal("SpecialMention", await ClassificationHistoryApiTests<TFactory>.ClassOnAsync(coop, id, on));
        (await coop.GetAsync($"/api/v1/credit-lines/{id}/classification?on=2026-01-04"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
    }
}

public sealed class ClassificationUpgradeApiTestsOnSqlite(SqliteApiFactory factory)
    : ClassificationUpgradeApiTests<SqliteApiFactory>(factory);

public sealed class ClassificationUpgradeApiTestsOnPostgres(PostgresApiFactory factory)
    : ClassificationUpgradeApiTests<PostgresApiFactory>(factory), IPostgresTests;
