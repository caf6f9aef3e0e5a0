using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// Closing business days through the API moves the business date and bills interest to the fen.
/// Each class has its own database, since closing days moves the one business date.
/// </summary>
public abstract class CloseOfBusinessApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task CloseThroughSettlement_BillsInterest_ThenRepaymentPaysItFirst()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);

        var closed = (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-20" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(16, closed["closed"]!.AsArray().Count);
        Assert.Equal("2026-01-21", closed["businessDate"]!.GetValue<string>());
        Assert.Equal("2026-01-21", (await coop.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK)["businessDate"]!.GetValue<string>());

        // 5–20 January: 16 days × 100000 × 0.0435 / 360 = 193.3333… → billed 193.33, due 21 January.
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(193.33m, line.Money("billedInterest"));
        Assert.Equal(0.00m, line.Money("accruedInterest"));
        Assert.Equal(100_193.33m, line.Money("payoffAmount"));

        var quote = (await coop.GetAsync($"/api/v1/credit-lines/{id}/payoff-quote")).Expect(HttpStatusCode.OK);
        Assert.Equal(100_193.33m, quote.Money("amount"));
        Assert.Equal(193.33m, quote["breakdown"]!.Money("billedInterest"));

        var paid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 1_000m })).Expect(HttpStatusCode.Created);
        Assert.Equal(193.33m, paid["allocation"]!.Money("interest"));
        Assert.Equal(806.67m, paid["allocation"]!.Money("principal"));
        Assert.Equal(99_193.33m, paid["line"]!.Money("principal"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 99_193.34m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "repayment.exceeds_payoff");
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-20" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "close.through_before_business_date");
        (await coop.PostAsync("/api/v1/operations/close-business-day", new { }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
    }
}

public sealed class CloseOfBusinessApiTestsOnSqlite(SqliteApiFactory factory) : CloseOfBusinessApiTests<SqliteApiFactory>(factory);

public sealed class CloseOfBusinessApiTestsOnPostgres(PostgresApiFactory factory)
    : CloseOfBusinessApiTests<PostgresApiFactory>(factory), IPostgresTests;
