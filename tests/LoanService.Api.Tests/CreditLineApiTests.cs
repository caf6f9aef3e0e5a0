using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>The credit-line endpoints through HTTP, on each database.</summary>
public abstract class CreditLineApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public async Task Draw_ThenRepay_AllocatesAndReplaysIdempotently()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var line = await coop.OpenLineAsync(limit: 100_000m);
        var id = line["id"]!.GetValue<Guid>();

        var draw = (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 30_000.50m }, "draw-1"))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(30_000.50m, draw.Money("amount"));
        Assert.Equal(69_999.50m, draw["line"]!.Money("available"));

        var replay = await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 30_000.50m }, "draw-1");
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal("true", replay.Headers["Idempotent-Replayed"]);
        Assert.Equal(draw.ToJsonString(), replay.Json.ToJsonString());

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1m }, "draw-1"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");

        var repayment = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 500m }, "repay-1"))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(500.00m, repayment["allocation"]!.Money("principal"));
        Assert.Equal(0.00m, repayment["allocation"]!.Money("interest"));
        Assert.Equal(29_500.50m, repayment["line"]!.Money("principal"));

        var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Draw", "Repayment"], journal["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
    }

    [DatabaseFact]
    public async Task Draw_BeyondAvailable_IsRefusedAndPostsNothing()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 50_000m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 40_000m })).Expect(HttpStatusCode.Created);

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 10_000.01m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "draw.exceeds_available");

        var after = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(40_000.00m, after.Money("principal"));
        Assert.Equal(10_000.00m, after.Money("available"));
    }

    [DatabaseFact]
    public async Task Draw_InvalidAmounts_Are400WithFieldErrors()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();
        var path = $"/api/v1/credit-lines/{id}/draws";

        (await coop.PostAsync(path, new { amount = 100.001m })).ExpectProblem(HttpStatusCode.BadRequest, "amount.too_many_decimals");
        (await coop.PostAsync(path, new { amount = -5m })).ExpectProblem(HttpStatusCode.BadRequest, "amount.not_positive");
        (await coop.PostAsync(path, new { amount = 0m })).ExpectProblem(HttpStatusCode.BadRequest, "amount.not_positive");
        (await coop.PostAsync(path, "{\"amount\": \"100\"}")).ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        (await coop.PostAsync(path, "{\"amount\": 1e400}")).ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        (await coop.PostAsync(path, "{not json")).ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        var missing = (await coop.PostAsync(path, new { })).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.NotNull(missing["errors"]!["amount"]);

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.00m, line.Money("principal"));
    }

    [DatabaseFact]
    public async Task OtherCooperativesLine_IsNotFound_AndKeysAreChecked()
    {
        var (mine, _) = await _operator.CreateCooperativeAsync(factory, "福鼎市农村信用合作联社");
        var (theirs, _) = await _operator.CreateCooperativeAsync(factory, "霞浦县村镇银行");
        var id = (await mine.OpenLineAsync())["id"]!.GetValue<Guid>();

        (await theirs.GetAsync($"/api/v1/credit-lines/{id}")).ExpectProblem(HttpStatusCode.NotFound, "credit_line.not_found");
        (await theirs.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100m }))
            .ExpectProblem(HttpStatusCode.NotFound, "credit_line.not_found");
        (await factory.WithKey(null!).GetAsync($"/api/v1/credit-lines/{id}"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "auth.missing_or_invalid_key");
        (await factory.WithKey("lsk_forged").GetAsync($"/api/v1/credit-lines/{id}"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "auth.missing_or_invalid_key");
        (await _operator.GetAsync($"/api/v1/credit-lines/{id}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await mine.PostAsync("/api/v1/cooperatives", new { name = "某某银行", signature = "某某" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
    }

    [DatabaseFact]
    public async Task Borrower_IsAnsweredMasked_AndValidated()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var residentId = ApiClient.NextResidentId();
        var created = (await coop.PostAsync("/api/v1/borrowers", new
        {
            name = "李四", residentId, mobile = "008613912345678", regionCode = "350982101", partyBranch = "第二党支部",
            inDifficulty = true, registeredPoor = true, smsOptOut = false,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("李*", created["name"]!.GetValue<string>());
        Assert.Equal(residentId[..6] + "********" + residentId[14..], created["residentId"]!.GetValue<string>());
        Assert.Equal("139****5678", created["mobile"]!.GetValue<string>());

        var again = await coop.PostAsync("/api/v1/borrowers", new
        {
            name = "李四", residentId, mobile = "13912345678", regionCode = "350982101", partyBranch = "",
            inDifficulty = true, registeredPoor = true, smsOptOut = false,
        });
        again.ExpectProblem(HttpStatusCode.Conflict, "borrower.already_registered");
        Assert.DoesNotContain(residentId, again.Body);

        (await coop.PostAsync("/api/v1/borrowers", new
        {
            name = "王五", residentId = residentId[..17] + (residentId[17] == '0' ? '1' : '0'), mobile = "13912345678",
            regionCode = "350982101",
        })).ExpectProblem(HttpStatusCode.BadRequest, "borrower.resident_id_invalid");
        (await coop.PostAsync("/api/v1/borrowers", new
        {
            name = "王五", residentId = ApiClient.NextResidentId(), mobile = "12912345678", regionCode = "350982101",
        })).ExpectProblem(HttpStatusCode.BadRequest, "borrower.mobile_invalid");
    }

    [DatabaseFact]
    public async Task OpenLine_OutOfRange_IsRefused()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var borrowerId = await coop.RegisterBorrowerAsync();
        (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId, limit = 49_999.99m, annualRate = 0.0435m, termMonths = 12 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "line.limit_out_of_range");
        (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId, limit = 100_000m, annualRate = 0.2401m, termMonths = 12 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "line.rate_out_of_range");
        (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId, limit = 100_000m, annualRate = 0.0435m, termMonths = 61 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "line.term_out_of_range");
        (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId = Guid.NewGuid(), limit = 100_000m, annualRate = 0.0435m, termMonths = 12 }))
            .ExpectProblem(HttpStatusCode.NotFound, "borrower.not_found");
        var list = (await coop.GetAsync("/api/v1/credit-lines")).Expect(HttpStatusCode.OK);
        Assert.Empty(list["items"]!.AsArray());
    }

    [DatabaseFact]
    public async Task ListLines_PagesWithCursor()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        for (var i = 0; i < 3; i++) await coop.OpenLineAsync();
        var first = (await coop.GetAsync("/api/v1/credit-lines?limit=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = (await coop.GetAsync($"/api/v1/credit-lines?limit=2&cursor={cursor}")).Expect(HttpStatusCode.OK);
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["nextCursor"]);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(l => l!["id"]!.GetValue<Guid>());
        Assert.Equal(3, ids.Distinct().Count());
        (await coop.GetAsync("/api/v1/credit-lines?limit=0")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await coop.GetAsync("/api/v1/credit-lines?cursor=!!")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
    }
}

public sealed class CreditLineApiTestsOnSqlite(SqliteApiFactory factory) : CreditLineApiTests<SqliteApiFactory>(factory);

public sealed class CreditLineApiTestsOnPostgres(PostgresApiFactory factory)
    : CreditLineApiTests<PostgresApiFactory>(factory), IPostgresTests;
