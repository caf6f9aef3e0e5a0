using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// 续贷 through the API. Closes days, so it has a database of its own. A 2-month line opened
/// 2026-01-05 matures 2026-03-05; with the default 30 days its renewal window opens 2026-02-03.
/// 80000 drawn at 4.35%: 80000 × 0.0435 / 360 = 9.6666… a day.
/// </summary>
public abstract class RenewalApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Renew_InsideWindowWithInterestPaid_MovesPrincipalAndAccruedInterestToNewLine()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var opened = await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m, termMonths: 2);
        var id = opened["id"]!.GetValue<Guid>();
        Assert.Equal("2026-03-05", opened["maturityDate"]!.GetValue<string>());
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 80_000m })).Expect(HttpStatusCode.Created);
        var renewal = new { limit = 100_000m, termMonths = 12, annualRate = 0.0435m };

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "renewal.outside_window");

        // 5–20 January: 16 × 9.6666… = 154.6666… → billed 154.67, paid on its due date.
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-20" })).Expect(HttpStatusCode.OK);
        var paid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 154.67m })).Expect(HttpStatusCode.Created);
        Assert.Equal(154.67m, paid["allocation"]!.Money("interest"));
        Assert.Equal(80_000.00m, paid["line"]!.Money("principal"));

        // 2 February is the day before the window opens.
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-02-01" })).Expect(HttpStatusCode.OK);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "renewal.outside_window");

        (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK);
        Assert.Equal("2026-02-03", (await coop.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK)["businessDate"]!.GetValue<string>());

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", new { limit = 79_999.99m, termMonths = 12, annualRate = 0.0435m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "renewal.limit_below_principal");
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", new { limit = 100_000m, annualRate = 0.0435m }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");

        // 21 January – 2 February accrued unbilled: 13 × 9.6666… = 125.6666… → 125.67 shown.
        var before = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(125.67m, before.Money("accruedInterest"));

        var response = await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal, "renew-1");
        var successor = response.Expect(HttpStatusCode.Created);
        var newId = successor["id"]!.GetValue<Guid>();
        Assert.NotEqual(id, newId);
        Assert.Equal("Active", successor["status"]!.GetValue<string>());
        Assert.Equal(80_000.00m, successor.Money("principal"));
        Assert.Equal(125.67m, successor.Money("accruedInterest"));
        // 100000 − 80000 = 20000 available on the new line.
        Assert.Equal(20_000.00m, successor.Money("available"));
        Assert.Equal(id, successor["renewedFromId"]!.GetValue<Guid>());
        Assert.Equal("2026-02-03", successor["startDate"]!.GetValue<string>());
        Assert.Equal("2027-02-03", successor["maturityDate"]!.GetValue<string>());
        Assert.Equal(opened["borrowerId"]!.GetValue<Guid>(), successor["borrowerId"]!.GetValue<Guid>());
        Assert.Equal("Normal", successor["classification"]!.GetValue<string>());

        var replay = await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal, "renew-1");
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal("true", replay.Headers["Idempotent-Replayed"]);
        Assert.Equal(successor.ToJsonString(), replay.Json.ToJsonString());

        var old = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Renewed", old["status"]!.GetValue<string>());
        Assert.Equal(newId, old["renewedToId"]!.GetValue<Guid>());
        Assert.Equal(0.00m, old.Money("principal"));
        Assert.Equal(0.00m, old.Money("accruedInterest"));
        Assert.Equal(0.00m, old.Money("payoffAmount"));

        var oldJournal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK);
        Assert.Single(oldJournal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "RenewedOut");
        var newJournal = (await coop.GetAsync($"/api/v1/credit-lines/{newId}/transactions")).Expect(HttpStatusCode.OK);
        var renewedIn = Assert.Single(newJournal["items"]!.AsArray());
        Assert.Equal("RenewedIn", renewedIn!["kind"]!.GetValue<string>());
        Assert.Equal(80_000.00m, renewedIn.Money("amount"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "renewal.not_allowed");
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "draw.line_not_active");
    }
}

public sealed class RenewalApiTestsOnSqlite(SqliteApiFactory factory) : RenewalApiTests<SqliteApiFactory>(factory);

public sealed class RenewalApiTestsOnPostgres(PostgresApiFactory factory)
    : RenewalApiTests<PostgresApiFactory>(factory), IPostgresTests;

/// <summary>
/// 续贷 refused while a bill is unpaid. Closes days, so it has a database of its own: a 2-month line
/// opened 2026-01-05 (window 2026-02-03 to 2026-03-05) is billed at the close of 20 February, due the 21st.
/// </summary>
public abstract class RenewalInterestApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Renew_WithBilledInterestUnpaid_IsRefusedUntilPaid()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m, termMonths: 2))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 80_000m })).Expect(HttpStatusCode.Created);
        var renewal = new { limit = 100_000m, termMonths = 12, annualRate = 0.0435m };

        // 5–20 January: 16 × 80000 × 0.0435 / 360 = 154.6666… → 154.67, paid on its due date.
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-20" })).Expect(HttpStatusCode.OK);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 154.67m })).Expect(HttpStatusCode.Created);

        // 21 January – 20 February: 31 × 80000 × 0.0435 / 360 = 299.6666… → 299.67, due 21 February.
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-02-20" })).Expect(HttpStatusCode.OK);
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(299.67m, line.Money("billedInterest"));
        Assert.Equal(0.00m, line.Money("overdueInterest"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "renewal.interest_unpaid");
        var unchanged = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Active", unchanged["status"]!.GetValue<string>());
        Assert.Null(unchanged["renewedToId"]);

        var paid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 299.67m })).Expect(HttpStatusCode.Created);
        Assert.Equal(299.67m, paid["allocation"]!.Money("interest"));
        Assert.Equal(0.00m, paid["allocation"]!.Money("principal"));

        // Nothing accrued since the bill: the new line carries 80000 and no interest.
        var successor = (await coop.PostAsync($"/api/v1/credit-lines/{id}/renewals", renewal)).Expect(HttpStatusCode.Created);
        Assert.Equal(80_000.00m, successor.Money("principal"));
        Assert.Equal(0.00m, successor.Money("accruedInterest"));
        Assert.Equal(id, successor["renewedFromId"]!.GetValue<Guid>());
        var old = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Renewed", old["status"]!.GetValue<string>());
        Assert.Equal(successor["id"]!.GetValue<Guid>(), old["renewedToId"]!.GetValue<Guid>());
    }
}

public sealed class RenewalInterestApiTestsOnSqlite(SqliteApiFactory factory) : RenewalInterestApiTests<SqliteApiFactory>(factory);

public sealed class RenewalInterestApiTestsOnPostgres(PostgresApiFactory factory)
    : RenewalInterestApiTests<PostgresApiFactory>(factory), IPostgresTests;
