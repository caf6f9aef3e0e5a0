using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Freezing stops draws and nothing else; only the right status may be frozen or unfrozen.</summary>
public abstract class FreezeApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public async Task Freeze_ActiveLine_RefusesDrawsButTakesRepayments()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 20_000m })).Expect(HttpStatusCode.Created);

        var frozen = (await coop.PostAsync($"/api/v1/credit-lines/{id}/freeze")).Expect(HttpStatusCode.OK);
        Assert.Equal("Frozen", frozen["status"]!.GetValue<string>());
        Assert.Equal(0.00m, frozen.Money("available"));

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_000m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "draw.line_frozen");

        // Nothing has accrued yet (no close since the draw): the 5000 is all principal; 20000 − 5000 = 15000.
        var repaid = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 5_000m }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(5_000.00m, repaid["allocation"]!.Money("principal"));
        Assert.Equal(15_000.00m, repaid["line"]!.Money("principal"));
        Assert.Equal("Frozen", repaid["line"]!["status"]!.GetValue<string>());

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(15_000.00m, line.Money("principal"));
        Assert.Equal(0.00m, line.Money("available"));
    }

    [DatabaseFact]
    public async Task Unfreeze_FrozenLine_AllowsDrawsAgain()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/freeze")).Expect(HttpStatusCode.OK);

        var active = (await coop.PostAsync($"/api/v1/credit-lines/{id}/unfreeze")).Expect(HttpStatusCode.OK);
        Assert.Equal("Active", active["status"]!.GetValue<string>());
        Assert.Equal(100_000.00m, active.Money("available"));

        // 100000 − 30000 = 70000 available.
        var draw = (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 30_000m })).Expect(HttpStatusCode.Created);
        Assert.Equal(70_000.00m, draw["line"]!.Money("available"));
    }

    [DatabaseFact]
    public async Task Unfreeze_ActiveLine_IsRefusedNotFrozen()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/unfreeze"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line.not_frozen");

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Active", line["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Freeze_FrozenLine_IsRefusedNotActive()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/freeze")).Expect(HttpStatusCode.OK);

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/freeze"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line.not_active");

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Frozen", line["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Freeze_OtherCooperativesLine_IsNotFound()
    {
        var (mine, _) = await _operator.CreateCooperativeAsync(factory, "福鼎市农村信用合作联社");
        var (theirs, _) = await _operator.CreateCooperativeAsync(factory, "霞浦县村镇银行");
        var id = (await mine.OpenLineAsync())["id"]!.GetValue<Guid>();

        (await theirs.PostAsync($"/api/v1/credit-lines/{id}/freeze"))
            .ExpectProblem(HttpStatusCode.NotFound, "credit_line.not_found");
        var line = (await mine.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Active", line["status"]!.GetValue<string>());
    }
}

public sealed class FreezeApiTestsOnSqlite(SqliteApiFactory factory) : FreezeApiTests<SqliteApiFactory>(factory);

public sealed class FreezeApiTestsOnPostgres(PostgresApiFactory factory)
    : FreezeApiTests<PostgresApiFactory>(factory), IPostgresTests;
