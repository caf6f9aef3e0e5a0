using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// 展期 through the API, on the first business date 2026-01-05: a 12-month line opened that day
/// matures 2027-01-05 and may be extended by 12 months in all, to 2028-01-05 at the latest.
/// </summary>
public abstract class ExtensionApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public async Task Extend_WithinLimit_MovesMaturityAndMarksLineExtended()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(termMonths: 12))["id"]!.GetValue<Guid>();

        var line = (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions",
            new { newMaturityDate = "2027-07-05", reason = "困难党员养殖周期延长" })).Expect(HttpStatusCode.Created);
        Assert.Equal("Extended", line["status"]!.GetValue<string>());
        Assert.Equal("2027-07-05", line["maturityDate"]!.GetValue<string>());
        Assert.Equal(id, line["id"]!.GetValue<Guid>());

        // Cumulative: 6 months taken, 6 more reach 2028-01-05 exactly.
        var again = (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions",
            new { newMaturityDate = "2028-01-05", reason = "再次展期" })).Expect(HttpStatusCode.Created);
        Assert.Equal("2028-01-05", again["maturityDate"]!.GetValue<string>());

        var read = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Extended", read["status"]!.GetValue<string>());
        Assert.Equal("2028-01-05", read["maturityDate"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Extend_BeyondOriginalTerm_IsRefusedExceedsLimit()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(termMonths: 12))["id"]!.GetValue<Guid>();

        // 2027-01-05 + 12 months = 2028-01-05; one day more is too far.
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions", new { newMaturityDate = "2028-01-06", reason = "展期" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "extension.exceeds_limit");

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions", new { newMaturityDate = "2027-07-05", reason = "展期" }))
            .Expect(HttpStatusCode.Created);
        // Cumulative: after 6 months, 2028-01-06 still exceeds the 12 months in all.
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions", new { newMaturityDate = "2028-01-06", reason = "展期" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "extension.exceeds_limit");

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("2027-07-05", line["maturityDate"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Extend_NotLaterThanMaturity_IsRefused400()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(termMonths: 12))["id"]!.GetValue<Guid>();

        var problem = (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions",
            new { newMaturityDate = "2027-01-05", reason = "展期" })).ExpectProblem(HttpStatusCode.BadRequest, "extension.not_later");
        Assert.NotNull(problem["errors"]!["newMaturityDate"]);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions", new { newMaturityDate = "2026-12-31", reason = "展期" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "extension.not_later");

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Active", line["status"]!.GetValue<string>());
        Assert.Equal("2027-01-05", line["maturityDate"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Extend_WithoutReason_IsRefusedRequestInvalid()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(termMonths: 12))["id"]!.GetValue<Guid>();
        var path = $"/api/v1/credit-lines/{id}/extensions";

        var missing = (await coop.PostAsync(path, new { newMaturityDate = "2027-07-05" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.NotNull(missing["errors"]!["reason"]);
        (await coop.PostAsync(path, new { newMaturityDate = "2027-07-05", reason = "   " }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        var noDate = (await coop.PostAsync(path, new { reason = "展期" })).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.NotNull(noDate["errors"]!["newMaturityDate"]);

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Active", line["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Draw_OnExtendedLine_IsRefusedNotActive()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, termMonths: 12))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 10_000m })).Expect(HttpStatusCode.Created);
        var extended = (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions",
            new { newMaturityDate = "2027-07-05", reason = "展期" })).Expect(HttpStatusCode.Created);
        Assert.Equal(0.00m, extended.Money("available"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_000m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "draw.line_not_active");

        // 只还不借: repayments still go in; 10000 − 4000 = 6000.
        var repaid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 4_000m })).Expect(HttpStatusCode.Created);
        Assert.Equal(6_000.00m, repaid["line"]!.Money("principal"));
    }

    [DatabaseFact]
    public async Task Extend_ReplayedWithSameKey_ReturnsFirstAnswerAndJournalsOnce()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(termMonths: 12))["id"]!.GetValue<Guid>();
        var path = $"/api/v1/credit-lines/{id}/extensions";
        var body = new { newMaturityDate = "2027-04-05", reason = "台风灾后恢复生产" };

        var first = await coop.PostAsync(path, body, "extend-1");
        var created = first.Expect(HttpStatusCode.Created);
        Assert.False(first.Headers.ContainsKey("Idempotent-Replayed"));

        var replay = await coop.PostAsync(path, body, "extend-1");
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal("true", replay.Headers["Idempotent-Replayed"]);
        Assert.Equal(created.ToJsonString(), replay.Json.ToJsonString());

        (await coop.PostAsync(path, new { newMaturityDate = "2027-05-05", reason = "台风灾后恢复生产" }, "extend-1"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");

        var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK);
        var extension = Assert.Single(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "Extension");
        Assert.Equal("台风灾后恢复生产", extension!["note"]!.GetValue<string>());
        Assert.Equal(0.00m, extension.Money("amount"));
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("2027-04-05", line["maturityDate"]!.GetValue<string>());
    }
}

public sealed class ExtensionApiTestsOnSqlite(SqliteApiFactory factory) : ExtensionApiTests<SqliteApiFactory>(factory);

public sealed class ExtensionApiTestsOnPostgres(PostgresApiFactory factory)
    : ExtensionApiTests<PostgresApiFactory>(factory), IPostgresTests;
