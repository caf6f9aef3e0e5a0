using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// A bill left unpaid turns overdue through the API. Closes days, so it has a database of its own:
/// 100000 drawn 2026-01-05 at 4.35%, billed at the close of 20 January, due 21 January, unpaid.
/// </summary>
public abstract class OverdueApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Repay_OverdueBill_PaysOverdueInterestFirstAndClearsDaysPastDue()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);

        var closed = (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-21" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("2026-01-22", closed["businessDate"]!.GetValue<string>());

        // 5–20 January: 16 × 100000 × 0.0435 / 360 = 193.3333… → billed 193.33, due 21 January, unpaid at its close.
        // 21 January accrued: 100000 × 0.0435 / 360 = 12.0833… → 12.08 shown. Compound interest starts at 22 January's close.
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(193.33m, line.Money("overdueInterest"));
        Assert.Equal(0.00m, line.Money("billedInterest"));
        Assert.Equal(12.08m, line.Money("accruedInterest"));
        Assert.Equal(0.00m, line.Money("penaltyInterest"));
        Assert.Equal(1, line["daysPastDue"]!.GetValue<int>());
        Assert.Equal("SpecialMention", line["classification"]!.GetValue<string>());
        Assert.Equal(0.00m, line.Money("available"));
        // 100000 + 193.33 + 12.08 = 100205.41
        Assert.Equal(100_205.41m, line.Money("payoffAmount"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_000m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "draw.line_overdue");

        // 1000 = 193.33 overdue interest + 806.67 principal; 100000 − 806.67 = 99193.33.
        var paid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 1_000m }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(0.00m, paid["allocation"]!.Money("penaltyInterest"));
        Assert.Equal(193.33m, paid["allocation"]!.Money("overdueInterest"));
        Assert.Equal(0.00m, paid["allocation"]!.Money("overduePrincipal"));
        Assert.Equal(0.00m, paid["allocation"]!.Money("interest"));
        Assert.Equal(806.67m, paid["allocation"]!.Money("principal"));
        var after = paid["line"]!;
        Assert.Equal(0.00m, after.Money("overdueInterest"));
        Assert.Equal(99_193.33m, after.Money("principal"));
        Assert.Equal(0, after["daysPastDue"]!.GetValue<int>());
        // Classification is decided at a close and holds for the day; days past due is live.
        Assert.Equal("SpecialMention", after["classification"]!.GetValue<string>());
        Assert.Equal(806.67m, after.Money("available"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 806.67m })).Expect(HttpStatusCode.Created);

        (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK);
        // 21 and 22 January accrued: 100000 × 0.0435 / 360 × 2 = 24.1666… → 24.17.
        var next = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Normal", next["classification"]!.GetValue<string>());
        Assert.Equal(0, next["daysPastDue"]!.GetValue<int>());
        Assert.Equal(24.17m, next.Money("accruedInterest"));
        Assert.Equal(100_000.00m, next.Money("principal"));
    }
}

public sealed class OverdueApiTestsOnSqlite(SqliteApiFactory factory) : OverdueApiTests<SqliteApiFactory>(factory);

public sealed class OverdueApiTestsOnPostgres(PostgresApiFactory factory)
    : OverdueApiTests<PostgresApiFactory>(factory), IPostgresTests;
