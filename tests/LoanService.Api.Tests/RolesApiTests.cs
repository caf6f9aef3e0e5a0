using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Who may call what: the business date for every role, credit lines for cooperatives only.</summary>
public abstract class RolesApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    private async Task<ApiClient> CreateOrgDepartmentAsync()
    {
        var created = (await _operator.PostAsync("/api/v1/org-departments", new { name = "中共福鼎市委组织部", regionCode = "350982" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("350982", created["regionCode"]!.GetValue<string>());
        Assert.Equal("中共福鼎市委组织部", created["name"]!.GetValue<string>());
        return factory.WithKey(created["apiKey"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task GetBusinessDate_AnyRole_IsReadable()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var department = await CreateOrgDepartmentAsync();

        foreach (var client in new[] { _operator, coop, department })
        {
            var answer = (await client.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK);
            Assert.Equal("2026-01-05", answer["businessDate"]!.GetValue<string>());
        }
    }

    [DatabaseFact]
    public async Task GetBusinessDate_WithoutKey_Is401()
    {
        (await factory.WithKey(null!).GetAsync("/api/v1/business-date"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "auth.missing_or_invalid_key");
        (await factory.WithKey("lsk_forged").GetAsync("/api/v1/business-date"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "auth.missing_or_invalid_key");
    }

    [DatabaseFact]
    public async Task CreditLineEndpoints_OrgDepartmentKey_Are403()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();
        var department = await CreateOrgDepartmentAsync();

        (await department.GetAsync("/api/v1/credit-lines")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.GetAsync($"/api/v1/credit-lines/{id}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.GetAsync($"/api/v1/credit-lines/{id}/transactions")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100m }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.PostAsync($"/api/v1/credit-lines/{id}/freeze")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.PostAsync("/api/v1/cooperatives", new { name = "某某银行", signature = "某某" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.PostAsync("/api/v1/operations/close-business-day", new { }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.00m, line.Money("principal"));
        Assert.Equal("Active", line["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task CreateCooperative_InvalidSignature_Is400RequestInvalid()
    {
        foreach (var signature in new[] { "福鼎【农信", "福鼎农信】", "福", "【福】", "", "福鼎市农村信用合作联社营业部" })
        {
            var problem = (await _operator.PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature }))
                .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
            Assert.NotNull(problem["errors"]!["signature"]);
        }
        var noName = (await _operator.PostAsync("/api/v1/cooperatives", new { signature = "福鼎农信" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        Assert.NotNull(noName["errors"]!["name"]);
    }

    [DatabaseFact]
    public async Task CreateCooperative_SignatureInBrackets_IsStoredWithoutThem()
    {
        var created = (await _operator.PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature = "【福鼎农信】" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("福鼎农信", created["signature"]!.GetValue<string>());
        Assert.StartsWith("lsk_", created["apiKey"]!.GetValue<string>());
    }
}

public sealed class RolesApiTestsOnSqlite(SqliteApiFactory factory) : RolesApiTests<SqliteApiFactory>(factory);

public sealed class RolesApiTestsOnPostgres(PostgresApiFactory factory)
    : RolesApiTests<PostgresApiFactory>(factory), IPostgresTests;
