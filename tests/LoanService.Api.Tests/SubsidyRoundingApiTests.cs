using System.Net;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// Subsidy figures to the 分 through the API (docs/subsidies.md, "Rounding and a budget that runs out").
/// Three programmes at a fixed 3.00% on one timeline from 2026-01-05; lines at 4.35%:
///   P1, 3,000,000.00, 直接贴息: lines drawn 10,000, 10,000 and 10,060. One day's subsidy is exactly
///       30,060 × 0.03 / 360 = 2.505 → 2.51 (the lines' own figures are 0.83, 0.83, 0.84).
///   P2 (先缴后补) and P3 (直接贴息), 150.00 each, lines X, Y, Z of 200,000: X draws 200,000 (16.6666… a day),
///       Y 10,020 (0.835 a day) on 5 Jan; Y repays its principal on 6 Jan. X's 13 Jan takes the last
///       150.00 − 0.835 − 8 × 16.6666… = 15.8316…, so X's period is exactly 149.165 and Y's 0.835.
///       14 Jan: Y pays off; no room to round 0.835 up, so 0.83 is billed (0.005 back). Y's interest is
///       10,020 × 0.0435 / 360 = 1.21075 → 1.21, so in 直接贴息 Y pays 1.21 − 0.83 = 0.38.
///       20 Jan: X's 149.165 bills 149.17 (the 0.005 back makes room): used 150.00, remaining 0.00.
///       21 Jan: X does not pay; its 149.17 is forfeited. 22 Jan: Z draws 200,000 and accrues until the
///       149.17 is used, on 30 Jan (8 × 16.6666… + 15.8366…).
/// </summary>
public abstract class SubsidyRoundingApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Subsidy_TotalsAndAnExhaustedBudget_AreExactFiguresRoundedOnceAndNeverPassTheBudget()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var p1 = await department.CreateProgramAsync(ProgramBody([coopId], name: "P1"));
        var p2 = await department.CreateProgramAsync(ProgramBody([coopId], name: "P2", budget: 150m, mode: "BorrowerRefund"));
        var p3 = await department.CreateProgramAsync(ProgramBody([coopId], name: "P3", budget: 150m));

        foreach (var amount in new[] { 10_000m, 10_000m, 10_060m })
            await DrawAsync(coop, await OpenAsync(coop, p1, 100_000m), amount);
        var (x2, y2, z2) = (await OpenAsync(coop, p2), await OpenAsync(coop, p2), await OpenAsync(coop, p2));
        var (x3, y3, z3) = (await OpenAsync(coop, p3), await OpenAsync(coop, p3), await OpenAsync(coop, p3));
        foreach (var (x, y) in new[] { (x2, y2), (x3, y3) })
        {
            await DrawAsync(coop, x, 200_000m);
            await DrawAsync(coop, y, 10_020m);
        }
        await op.CloseThroughAsync("2026-01-05");

        // P1: the total is 2.505 rounded once; remaining beside it is 3,000,000.00 − 2.51.
        var report = await department.LiabilitiesAsync(p1);
        AssertBuckets(report["totals"]!, accruedUnbilled: 2.51m);
        Assert.Equal(2_999_997.49m, report.Money("remainingBudget"));
        Assert.Equal(new[] { 0.83m, 0.83m, 0.84m },
            report["byLine"]!.AsArray().Select(l => l!["liabilities"]!.Money("accruedUnbilled")).Order());
        var program1 = await ProgramAsync(department, p1);
        Assert.Equal((2.51m, 2_999_997.49m), (program1.Money("used"), program1.Money("remaining")));

        // 6 Jan: Y repays its principal; 6–13 Jan closed.
        await RepayAsync(coop, y2, 10_020m);
        await RepayAsync(coop, y3, 10_020m);
        await op.CloseThroughAsync("2026-01-13");

        // 14 Jan: Y's payoff, quoted as it bills: 先缴后补 1.21; 直接贴息 1.21 − 0.83 = 0.38 (not 1.21 − 0.84 = 0.37).
        var line3 = await GetLineAsync(coop, y3);
        Assert.Equal((0.38m, 0.38m), (line3.Money("accruedInterest"), line3.Money("payoffAmount")));
        Assert.Equal(0.38m, (await coop.GetAsync($"/api/v1/credit-lines/{y3}/payoff-quote")).Expect(HttpStatusCode.OK).Money("amount"));
        Assert.Equal(1.21m, (await GetLineAsync(coop, y2)).Money("payoffAmount"));
        var paid3 = await RepayAsync(coop, y3, 0.38m);
        Assert.Equal(0.38m, paid3["allocation"]!.Money("interest"));
        Assert.Equal(0.00m, paid3["line"]!.Money("payoffAmount"));
        await RepayAsync(coop, y2, 1.21m);
        await op.CloseThroughAsync("2026-01-20");

        foreach (var (program, y) in new[] { (p2, y2), (p3, y3) })
        {
            var shown = await ProgramAsync(department, program);
            Assert.Equal((150.00m, 0.00m, true), (shown.Money("used"), shown.Money("remaining"), shown["exhausted"]!.GetValue<bool>()));
            var liabilities = await department.LiabilitiesAsync(program);
            Assert.Equal(0.00m, liabilities.Money("remainingBudget"));
            Assert.Equal(150.00m, liabilities["totals"]!.Money("used"));
            // Y's 0.83 is earned at its payoff: with the borrower's 0.38 (直接贴息) it is the 1.21 of interest.
            AssertBuckets(liabilities.Line(y)["liabilities"]!, earnedNotClaimed: 0.83m);
        }

        // 21 Jan: X's bill is not paid and its 149.17 goes back; 22 Jan: Z draws and uses exactly that.
        await op.CloseThroughAsync("2026-01-21");
        await DrawAsync(coop, z2, 200_000m);
        await DrawAsync(coop, z3, 200_000m);
        await op.CloseThroughAsync("2026-01-31");
        foreach (var (program, z) in new[] { (p2, z2), (p3, z3) })
        {
            Assert.Equal(149.17m, (await GetLineAsync(coop, z))["subsidy"]!.Money("accrued"));
            var shown = await ProgramAsync(department, program);
            Assert.Equal((150.00m, 0.00m, "2026-01-30"),
                (shown.Money("used"), shown.Money("remaining"), shown["exhaustedOn"]!.GetValue<string>()));
            var liabilities = await department.LiabilitiesAsync(program);
            Assert.Equal(0.00m, liabilities.Money("remainingBudget"));
            AssertBuckets(liabilities["totals"]!, accruedUnbilled: 149.17m, earnedNotClaimed: 0.83m, forfeited: 149.17m);
        }
    }

    private static async Task<Guid> OpenAsync(ApiClient coop, Guid programId, decimal limit = 200_000m) =>
        (await coop.OpenSubsidizedLineAsync(programId, limit: limit))["id"]!.GetValue<Guid>();

    private static async Task DrawAsync(ApiClient coop, Guid lineId, decimal amount) =>
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/draws", new { amount })).Expect(HttpStatusCode.Created);

    private static async Task<JsonNode> RepayAsync(ApiClient coop, Guid lineId, decimal amount) =>
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/repayments", new { amount })).Expect(HttpStatusCode.Created);

    private static async Task<JsonNode> GetLineAsync(ApiClient coop, Guid id) =>
        (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);

    private static async Task<JsonNode> ProgramAsync(ApiClient department, Guid id) =>
        (await department.GetAsync($"/api/v1/subsidy-programs/{id}")).Expect(HttpStatusCode.OK);
}

public sealed class SubsidyRoundingApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyRoundingApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyRoundingApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyRoundingApiTests<PostgresApiFactory>(factory), IPostgresTests;
