using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// Every endpoint against every caller: no key or a forged one → 401, a role the endpoint is not
/// for → 403, a cooperative naming another cooperative's line or borrower → 404 (never 403, which
/// would tell it the id exists), and the endpoint's own caller → none of those.
/// </summary>
public abstract class AccessMatrixApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public void EndpointTable_CoversEveryPathAndMethodOfTheOpenApiDocument()
    {
        var table = Endpoints.All.Select(e => e.ToString()).Append($"POST {Endpoints.SmsReceipts}").ToHashSet();
        var documented = Endpoints.InOpenApiDocument();

        Assert.Empty(documented.Except(table));
        Assert.Empty(table.Except(documented));
    }

    [DatabaseFact]
    public async Task EveryEndpoint_EveryCaller_GetsTheMatrixAnswer()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var (otherCoop, _) = await _operator.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");
        var department = factory.WithKey((await _operator.PostAsync("/api/v1/org-departments",
            new { name = "中共福鼎市委组织部", regionCode = "350982" })).Expect(HttpStatusCode.Created)["apiKey"]!.GetValue<string>());
        var own = await OpenAsync(coop);
        var others = await OpenAsync(otherCoop);
        var anonymous = factory.WithKey(null!);
        var forged = factory.WithKey("lsk_forged_key_0000000000000000000000000");

        foreach (var endpoint in Endpoints.All)
        {
            var body = endpoint.Body(own);
            async Task<Response> Send(ApiClient client, string path) => await client.SendAsync(endpoint.HttpMethod, path, body);
            var path = endpoint.Path(own);

            (await Send(anonymous, path)).ExpectProblem(HttpStatusCode.Unauthorized, "auth.missing_or_invalid_key");
            (await Send(forged, path)).ExpectProblem(HttpStatusCode.Unauthorized, "auth.missing_or_invalid_key");

            var wrongRoles = endpoint.Access switch
            {
                Access.Operator => new[] { coop, department },
                Access.Cooperative => [_operator, department],
                _ => [],
            };
            foreach (var client in wrongRoles)
                (await Send(client, path)).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");

            if (endpoint.Tenanted)
            {
                var notFound = endpoint.Template.StartsWith("/api/v1/borrowers") ? "borrower.not_found" : "credit_line.not_found";
                (await Send(coop, endpoint.Path(others))).ExpectProblem(HttpStatusCode.NotFound, notFound);
                (await Send(otherCoop, path)).ExpectProblem(HttpStatusCode.NotFound, notFound);
            }
        }

        // Last, as each endpoint's own caller, in the table's order: nothing refused for who is asking.
        foreach (var endpoint in Endpoints.All)
        {
            var owner = endpoint.Access == Access.Operator ? _operator : coop;
            var answer = await owner.SendAsync(endpoint.HttpMethod, endpoint.Path(own), endpoint.Body(own));
            Assert.True(answer.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                        && (int)answer.Status < 500, $"{endpoint} as its owner: {(int)answer.Status} {answer.Body}");
        }
    }

    [DatabaseFact]
    public async Task SmsReceipts_WithoutSignature_Is401()
    {
        var body = new { clientReference = Guid.NewGuid().ToString(), providerMessageId = "m-1", status = "Delivered" };
        (await factory.WithKey(null!).PostAsync(Endpoints.SmsReceipts, body))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sms.signature_invalid");
        // An API key is not a signature.
        (await _operator.PostAsync(Endpoints.SmsReceipts, body)).ExpectProblem(HttpStatusCode.Unauthorized, "sms.signature_invalid");
    }

    private static async Task<TenantIds> OpenAsync(ApiClient coop)
    {
        var line = await coop.OpenLineAsync();
        return new TenantIds(line["id"]!.GetValue<Guid>(), line["borrowerId"]!.GetValue<Guid>());
    }
}

public sealed class AccessMatrixApiTestsOnSqlite(SqliteApiFactory factory) : AccessMatrixApiTests<SqliteApiFactory>(factory);

public sealed class AccessMatrixApiTestsOnPostgres(PostgresApiFactory factory)
    : AccessMatrixApiTests<PostgresApiFactory>(factory), IPostgresTests;
