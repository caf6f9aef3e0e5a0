using System.Net;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// A department invites cooperatives to a programme; each takes part only once it (or the operator for
/// it) accepts. Until then its lines cannot enrol, and both sides see it pending.
/// </summary>
public abstract class SubsidyParticipationApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    private static string StateOf(JsonNode program, Guid cooperativeId) =>
        Assert.Single(program["participation"]!.AsArray(), p => p!["cooperativeId"]!.GetValue<Guid>() == cooperativeId)!["state"]!
            .GetValue<string>();

    [DatabaseFact]
    public async Task InvitedCooperative_CannotEnrolUntilItAccepts_AndBothSidesSeeItPending()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);
        var program = await department.CreateProgramAsync(ProgramBody([coopId]), accept: false);

        var seenByDepartment = (await department.GetAsync($"/api/v1/subsidy-programs/{program}")).Expect(HttpStatusCode.OK);
        var seenByCoop = (await coop.GetAsync($"/api/v1/subsidy-programs/{program}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Pending", StateOf(seenByDepartment, coopId));
        Assert.Equal("Pending", StateOf(seenByCoop, coopId));

        var borrowerId = await coop.RegisterBorrowerAsync();
        var line = new { borrowerId, limit = 100_000m, annualRate = 0.0435m, termMonths = 12, subsidyProgramId = program };
        (await coop.PostAsync("/api/v1/credit-lines", line)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy.participation_pending");
        Assert.Empty((await coop.GetAsync("/api/v1/credit-lines")).Expect(HttpStatusCode.OK)["items"]!.AsArray());

        var accepted = (await coop.PostAsync($"/api/v1/subsidy-programs/{program}/accept")).Expect(HttpStatusCode.OK);
        Assert.Equal("Accepted", StateOf(accepted, coopId));
        Assert.Equal("Accepted", StateOf((await department.GetAsync($"/api/v1/subsidy-programs/{program}")).Expect(HttpStatusCode.OK), coopId));
        // Accepting again changes nothing.
        Assert.Equal("Accepted", StateOf((await coop.PostAsync($"/api/v1/subsidy-programs/{program}/accept")).Expect(HttpStatusCode.OK), coopId));

        var opened = (await coop.PostAsync("/api/v1/credit-lines", line)).Expect(HttpStatusCode.Created);
        Assert.Equal(program, opened["subsidy"]!["programId"]!.GetValue<Guid>());
    }

    [DatabaseFact]
    public async Task Accept_ByTheOperatorForACooperative_OthersRefused()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (_, coopId) = await _operator.CreateCooperativeAsync(factory);
        var (uninvited, uninvitedId) = await _operator.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");
        var program = await department.CreateProgramAsync(ProgramBody([coopId]), accept: false);

        // The operator must name the cooperative, one the department invited.
        (await _operator.PostAsync($"/api/v1/subsidy-programs/{program}/accept")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await _operator.PostAsync($"/api/v1/subsidy-programs/{program}/accept", new { cooperativeId = uninvitedId }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy.participation_not_invited");
        // A cooperative not invited cannot see the programme at all; a department cannot accept for anyone.
        (await uninvited.PostAsync($"/api/v1/subsidy-programs/{program}/accept")).ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
        (await department.PostAsync($"/api/v1/subsidy-programs/{program}/accept", new { cooperativeId = coopId }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        Assert.Equal("Pending", StateOf((await department.GetAsync($"/api/v1/subsidy-programs/{program}")).Expect(HttpStatusCode.OK), coopId));

        var accepted = (await _operator.PostAsync($"/api/v1/subsidy-programs/{program}/accept", new { cooperativeId = coopId }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Accepted", StateOf(accepted, coopId));
    }

    [DatabaseFact]
    public async Task Operator_SeesProgrammes_ButNotTheirLiabilitiesOrClaims()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);
        var program = await department.CreateProgramAsync(ProgramBody([coopId]));

        (await _operator.GetAsync($"/api/v1/subsidy-programs/{program}")).Expect(HttpStatusCode.OK);
        foreach (var path in new[] { "liabilities", "monthly", "claims" })
            (await _operator.GetAsync($"/api/v1/subsidy-programs/{program}/{path}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await _operator.GetAsync($"/api/v1/subsidy-claims/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.GetAsync($"/api/v1/subsidy-programs/{program}/liabilities")).Expect(HttpStatusCode.OK);
        (await coop.GetAsync($"/api/v1/subsidy-programs/{program}/claims")).Expect(HttpStatusCode.OK);
    }
}

public sealed class SubsidyParticipationApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyParticipationApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyParticipationApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyParticipationApiTests<PostgresApiFactory>(factory), IPostgresTests;
