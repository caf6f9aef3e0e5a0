using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// The daily 计提 the close writes per cooperative and programme, read as JSON and CSV: exact figures that
/// add up, day by day, to what the lines accrue and bill. Closes days, so it has a database of its own.
/// </summary>
public abstract class DailyAccrualsApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task DailyAccruals_ThroughASettlementAndAnOverdueDay_AreTheLinesDailyInterestAndPenaltyExactly()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var (other, _) = await op.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");
        var first = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        var second = (await coop.OpenLineAsync(limit: 50_000m, annualRate: 0.0365m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{first}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{second}/draws", new { amount = 20_000m })).Expect(HttpStatusCode.Created);
        await op.CloseThroughAsync("2026-01-22");

        var rows = (await coop.GetAsync("/api/v1/accruals/daily?from=2026-01-05&to=2026-01-22")).Expect(HttpStatusCode.OK)["items"]!
            .AsArray().Select(r => r!).ToList();
        Assert.Equal(18, rows.Count);
        Assert.Equal(Enumerable.Range(5, 18).Select(d => $"2026-01-{d:00}"), rows.Select(r => r["businessDate"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.Null(r["subsidyProgramId"]));
        Assert.All(rows, r => Assert.Equal(2, r["lines"]!.GetValue<int>()));
        // 100,000 × 0.0435 / 360 = 12.0833333333333333 and 20,000 × 0.0365 / 360 = 2.0277777777777778, every day:
        // the bills of the 20th and their turning overdue at the 21st's close move no principal.
        Assert.All(rows, r => Assert.Equal(14.1111111111111111m, r.Money("interestExact")));
        Assert.All(rows, r => Assert.Equal(14.11m, r.Money("interest")));
        Assert.All(rows.Take(17), r => Assert.Equal(0m, r.Money("penaltyInterestExact")));
        // The 22nd: penalty on the overdue bills, 193.33 × 0.06525 / 360 + 32.44 × 0.05475 / 360.
        Assert.Equal(0.0350410625000000m + 0.0049335833333333m, rows[17].Money("penaltyInterestExact"));
        Assert.Equal(0.04m, rows[17].Money("penaltyInterest"));

        // They reconcile with the lines: 5–20 January's 计提 is what the 20th billed, to the fen, line by line.
        var billed = new List<decimal>();
        foreach (var id in new[] { first, second })
            billed.Add((await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK)["items"]!.AsArray()
                .Where(e => e!["kind"]!.GetValue<string>() == "InterestBilled").Sum(e => e!.Money("amount")));
        Assert.Equal([193.33m, 32.44m], billed);
        var accrued = rows.Take(16).Sum(r => r.Money("interestExact"));
        Assert.Equal(193.3333333333333333m + 32.4444444444444444m, accrued, 15);
        Assert.Equal(billed.Sum(), decimal.Round(193.3333333333333333m, 2) + decimal.Round(32.4444444444444444m, 2));

        // As CSV for Excel: a BOM, the headers, one line a row.
        var (status, type, body) = await coop.GetBytesAsync("/api/v1/accruals/daily?from=2026-01-21&to=2026-01-22", "text/csv");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/csv", type);
        Assert.Equal(Encoding.UTF8.GetPreamble(), body[..3]);
        var lines = Encoding.UTF8.GetString(body[3..]).Split("\r\n");
        Assert.Equal("日期,贴息项目,户数,计提利息(元),计提罚息复利(元),计提贴息(元),利息(精确),罚息复利(精确),贴息(精确)", lines[0]);
        Assert.Equal("2026-01-21,,2,14.11,0.00,0.00,14.1111111111111111,0,0", lines[1]);
        Assert.Equal("2026-01-22,,2,14.11,0.04,0.00,14.1111111111111111,0.0399746458333333,0", lines[2]);
        Assert.Equal("", lines[3]);

        // Another cooperative sees none of them; a range the wrong way round is refused.
        Assert.Empty((await other.GetAsync("/api/v1/accruals/daily?from=2026-01-05&to=2026-01-22")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        (await coop.GetAsync("/api/v1/accruals/daily?from=2026-01-22&to=2026-01-05")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync("/api/v1/accruals/daily?from=2026-13-01")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
    }
}

public sealed class DailyAccrualsApiTestsOnSqlite(SqliteApiFactory factory) : DailyAccrualsApiTests<SqliteApiFactory>(factory);

public sealed class DailyAccrualsApiTestsOnPostgres(PostgresApiFactory factory)
    : DailyAccrualsApiTests<PostgresApiFactory>(factory), IPostgresTests;

/// <summary>
/// The day's 计提 is the exact sum of the lines' figures, not the sum of their 16-place roundings: three lines of
/// 100,000.00 at 4.35% accrue 12.0833… each (kept as 12.0833333333333333), and 36.25 together, on the days the close
/// touches them and on the quiet days it does not. Closes days, so it has a database of its own.
/// </summary>
public abstract class DailyAccrualsExactSumApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task DailyAccruals_OfThreeLinesOf12_0833_AreExactly36_25EveryDay()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        for (var i = 0; i < 3; i++)
        {
            var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
            (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);
        }
        await op.CloseThroughAsync("2026-01-12");

        var rows = (await coop.GetAsync("/api/v1/accruals/daily?from=2026-01-05&to=2026-01-12")).Expect(HttpStatusCode.OK)["items"]!
            .AsArray().Select(r => r!).ToList();
        // The 5th the close touched each line (the draws); the 6th to the 12th none: those are the quiet lines' sum.
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal(3, r["lines"]!.GetValue<int>()));
        Assert.All(rows, r => Assert.Equal(36.25m, r.Money("interestExact"))); // not 36.2499999999999999
        Assert.All(rows, r => Assert.Equal(36.25m, r.Money("interest")));
    }
}

public sealed class DailyAccrualsExactSumApiTestsOnSqlite(SqliteApiFactory factory) : DailyAccrualsExactSumApiTests<SqliteApiFactory>(factory);

public sealed class DailyAccrualsExactSumApiTestsOnPostgres(PostgresApiFactory factory)
    : DailyAccrualsExactSumApiTests<PostgresApiFactory>(factory), IPostgresTests;
