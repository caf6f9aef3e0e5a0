using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// Every endpoint against every caller: no key or a forged one → 401, a role the endpoint is not
/// for → 403, a tenant naming another tenant's resource → 404 (never 403, which would tell it the id
/// exists): a cooperative another's line, borrower or programme, a department another's programme or
/// claim; and the endpoint's own callers → none of those. Closes 5–20 January to have a claim.
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
        var (ownTenant, othersTenant) = await TwoTenants.CreateAsync(factory);
        var (coop, department, own) = (ownTenant.Coop, ownTenant.Department, ownTenant.Ids);
        var (otherCoop, otherDepartment, others) = (othersTenant.Coop, othersTenant.Department, othersTenant.Ids);
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
                Access.OrgDepartment => [_operator, coop],
                Access.Funder => [coop],
                Access.SubsidyReader => [_operator],
                Access.Participant => [department],
                _ => [],
            };
            foreach (var client in wrongRoles)
                (await Send(client, path)).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");

            if (endpoint.Tenanted)
            {
                // Each tenant naming the other's resource: a cooperative another's line, borrower or programme
                // (one it does not take part in), a department another's programme or claim.
                (ApiClient Mine, ApiClient Theirs)[] tenants = endpoint.Access switch
                {
                    Access.Cooperative => [(coop, otherCoop)],
                    Access.OrgDepartment => [(department, otherDepartment)],
                    Access.SubsidyParty or Access.SubsidyReader => [(coop, otherCoop), (department, otherDepartment)],
                    Access.Participant => [(coop, otherCoop)],
                    _ => throw new InvalidOperationException($"{endpoint}: who owns its resource?"),
                };
                foreach (var (mine, theirs) in tenants)
                {
                    (await Send(mine, endpoint.Path(others))).ExpectProblem(HttpStatusCode.NotFound, endpoint.NotFoundCode);
                    (await Send(theirs, path)).ExpectProblem(HttpStatusCode.NotFound, endpoint.NotFoundCode);
                }
            }
        }

        // Last, as each endpoint's own callers, in the table's order: nothing refused for who is asking.
        foreach (var endpoint in Endpoints.All)
        {
            var owners = endpoint.Access switch
            {
                Access.Operator => new[] { _operator },
                Access.Cooperative => [coop],
                Access.OrgDepartment => [department],
                Access.Funder => [department, _operator],
                Access.SubsidyReader => [coop, department],
                Access.Participant => [coop, _operator],
                _ => [coop, department, _operator],
            };
            foreach (var owner in owners)
            {
                var answer = await owner.SendAsync(endpoint.HttpMethod, endpoint.Path(own), endpoint.Body(own));
                Assert.True(answer.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                            && (int)answer.Status < 500, $"{endpoint} as its owner: {(int)answer.Status} {answer.Body}");
            }
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
}

// Unthrottled: the matrix sends every caller to every endpoint as fast as it can (about eight requests an
// endpoint), which on a fast run passes the partner's burst of 400 and would be answered 429.
public sealed class AccessMatrixApiTestsOnSqlite(UnthrottledSqliteApiFactory factory) : AccessMatrixApiTests<UnthrottledSqliteApiFactory>(factory);

public sealed class AccessMatrixApiTestsOnPostgres(UnthrottledPostgresApiFactory factory)
    : AccessMatrixApiTests<UnthrottledPostgresApiFactory>(factory), IPostgresTests;
