using System.Net;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// Subsidy programmes: who may create and see them, and which lines may join. Nothing here closes a
/// day, so the tests share a database (business date 2026-01-05); each makes its own tenants.
/// </summary>
public abstract class SubsidyProgramApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public async Task CreateProgram_DepartmentOrOperator_Created_InvalidOrOutsideRegionRefused()
    {
        var (department, departmentId) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);

        var created = (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId]))).Expect(HttpStatusCode.Created);
        Assert.Equal(departmentId, created["orgDepartmentId"]!.GetValue<Guid>());
        Assert.Equal("福鼎市2026年党员先锋贷贴息", created["name"]!.GetValue<string>());
        Assert.Equal("中共福鼎市委组织部", created["funder"]!.GetValue<string>());
        Assert.Equal("350982", created["regionCode"]!.GetValue<string>());
        Assert.Equal(coopId, Assert.Single(created["cooperativeIds"]!.AsArray())!.GetValue<Guid>());
        Assert.Equal("2026-01-01", created["startDate"]!.GetValue<string>());
        Assert.Equal("2026-12-31", created["endDate"]!.GetValue<string>());
        Assert.Equal(3_000_000.00m, created.Money("budget"));
        Assert.Equal(200_000.00m, created.Money("principalCap")); // the default of docs/rules.md §6
        Assert.False(created["exhausted"]!.GetValue<bool>());

        // The operator creates for a department it names, and must name one.
        var byOperator = (await _operator.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], orgDepartmentId: departmentId)))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(departmentId, byOperator["orgDepartmentId"]!.GetValue<Guid>());
        (await _operator.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId])))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await _operator.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], orgDepartmentId: Guid.NewGuid())))
            .ExpectProblem(HttpStatusCode.NotFound, "org_department.not_found");
        (await coop.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId])))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");

        // 霞浦县 (350921) is not inside 福鼎市 (350982); a township of 福鼎 is.
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], regionCode: "350921")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy_program.region_outside_department");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], regionCode: "350982101")))
            .Expect(HttpStatusCode.Created);
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], startDate: "2026-12-31", endDate: "2026-12-30")))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.dates_invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], startDate: "2025-01-01", endDate: "2026-01-04")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy_program.dates_invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], budget: 0m)))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.budget_invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], budget: 100.001m)))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.budget_invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], value: 0.25m)))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.rate_rule_invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], kind: "ShareOfInterest", value: 1.5m)))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.rate_rule_invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([])))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([Guid.NewGuid()])))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], mode: "Nope")))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
    }

    [DatabaseFact]
    public async Task GetProgram_EachRoleSeesOnlyItsOwn_OthersGet404()
    {
        var (department, departmentId) = await _operator.CreateOrgDepartmentAsync(factory);
        var (otherDepartment, _) = await _operator.CreateOrgDepartmentAsync(factory, "中共霞浦县委组织部", "350921");
        var (member, memberId) = await _operator.CreateCooperativeAsync(factory);
        var (outsider, outsiderId) = await _operator.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");
        var programId = await department.CreateProgramAsync(ProgramBody([memberId]));
        var otherProgramId = await otherDepartment.CreateProgramAsync(ProgramBody([outsiderId], name: "霞浦县2026年贴息", regionCode: "350921"));

        Assert.Equal(new[] { programId }, await ListAsync(department));
        Assert.Equal(new[] { otherProgramId }, await ListAsync(otherDepartment));
        Assert.Equal(new[] { programId }, await ListAsync(member));
        Assert.Equal(new[] { otherProgramId }, await ListAsync(outsider));
        var all = await ListAsync(_operator);
        Assert.Contains(programId, all);
        Assert.Contains(otherProgramId, all);

        foreach (var client in new[] { department, member, _operator })
            Assert.Equal(programId, (await client.GetAsync($"/api/v1/subsidy-programs/{programId}")).Expect(HttpStatusCode.OK)["id"]!.GetValue<Guid>());
        foreach (var path in new[] { "", "/liabilities", "/monthly", "/claims" })
        {
            (await otherDepartment.GetAsync($"/api/v1/subsidy-programs/{programId}{path}"))
                .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
            (await outsider.GetAsync($"/api/v1/subsidy-programs/{programId}{path}"))
                .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
            (await department.GetAsync($"/api/v1/subsidy-programs/{Guid.NewGuid()}{path}"))
                .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
        }
        (await outsider.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { periodStart = "2025-10-01", periodEnd = "2025-12-31" }))
            .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
        Assert.Equal(departmentId, (await member.GetAsync($"/api/v1/subsidy-programs/{programId}"))
            .Expect(HttpStatusCode.OK)["orgDepartmentId"]!.GetValue<Guid>());
    }

    [DatabaseFact]
    public async Task OpenLine_WithProgram_EnrolsOnlyEligibleBorrowers()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);
        var (outsider, _) = await _operator.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");
        // A programme for one township, 硖门畲族乡 (350982101), and one that starts in February.
        var township = await department.CreateProgramAsync(ProgramBody([coopId], regionCode: "350982101"));
        var february = await department.CreateProgramAsync(ProgramBody([coopId], startDate: "2026-02-01"));
        var linesBefore = await CountLinesAsync(coop);

        async Task<Response> OpenAsync(ApiClient client, Guid borrowerId, Guid programId) => await client.PostAsync("/api/v1/credit-lines",
            new { borrowerId, limit = 50_000m, annualRate = 0.0435m, termMonths = 12, subsidyProgramId = programId });

        (await OpenAsync(coop, await coop.RegisterBorrowerAsync("赵平安", inDifficulty: false), township))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy.borrower_not_in_difficulty");
        (await OpenAsync(coop, await coop.RegisterBorrowerAsync("钱多多", regionCode: "350982102"), township))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy.borrower_outside_region");
        (await OpenAsync(coop, await coop.RegisterBorrowerAsync("孙二娘"), february))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy.outside_program_dates");
        (await OpenAsync(coop, await coop.RegisterBorrowerAsync("周小芳"), Guid.NewGuid()))
            .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
        // A cooperative not taking part does not learn that the programme exists.
        (await OpenAsync(outsider, await outsider.RegisterBorrowerAsync("李四"), township))
            .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
        Assert.Equal(linesBefore, await CountLinesAsync(coop));

        var enrolled = (await OpenAsync(coop, await coop.RegisterBorrowerAsync("吴用"), township)).Expect(HttpStatusCode.Created);
        Assert.Equal(township, enrolled["subsidy"]!["programId"]!.GetValue<Guid>());
        Assert.Equal(0.00m, enrolled["subsidy"]!.Money("accrued"));
        // A line without a programme has no subsidy.
        Assert.Null((await coop.OpenLineAsync())["subsidy"]);
    }

    [DatabaseFact]
    public async Task OpenLine_BorrowerRateCeiling_SubsidizesTheRateAboveTheCeiling()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);
        // The borrower pays at most 2.15% (LPR − 150bp): on a 4.35% line the programme pays 4.35% − 2.15% = 2.20%;
        // on a 2.00% line, nothing.
        var programId = await department.CreateProgramAsync(ProgramBody([coopId], kind: "BorrowerRateCeiling", value: 0.0215m));
        var line = await coop.OpenSubsidizedLineAsync(programId, annualRate: 0.0435m);
        Assert.Equal(0.022m, line["subsidy"]!.Money("annualRate"));
        var cheap = await coop.OpenSubsidizedLineAsync(programId, annualRate: 0.02m);
        Assert.Equal(0m, cheap["subsidy"]!.Money("annualRate"));
    }

    [DatabaseFact]
    public async Task Liabilities_AsCooperative_ListOnlyItsOwnLines()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop1, coop1Id) = await _operator.CreateCooperativeAsync(factory);
        var (coop2, coop2Id) = await _operator.CreateCooperativeAsync(factory, "福鼎恒兴村镇银行");
        var programId = await department.CreateProgramAsync(ProgramBody([coop1Id, coop2Id]));
        var line1 = (await coop1.OpenSubsidizedLineAsync(programId))["id"]!.GetValue<Guid>();
        var line2 = (await coop2.OpenSubsidizedLineAsync(programId, "王小明", "350982102"))["id"]!.GetValue<Guid>();

        var all = await department.LiabilitiesAsync(programId);
        Assert.Equal(new[] { line1, line2 }.Order(), all["byLine"]!.AsArray().Select(l => l!["lineId"]!.GetValue<Guid>()).Order());
        Assert.Equal(2, all["byCooperative"]!.AsArray().Count);
        Assert.Equal(2, all["byTownship"]!.AsArray().Count);

        var own = await coop1.LiabilitiesAsync(programId);
        Assert.Equal(line1, Assert.Single(own["byLine"]!.AsArray())!["lineId"]!.GetValue<Guid>());
        Assert.Equal(coop1Id, Assert.Single(own["byCooperative"]!.AsArray())!["cooperativeId"]!.GetValue<Guid>());
        Assert.Equal("350982101", Assert.Single(own["byTownship"]!.AsArray())!["township"]!.GetValue<string>());
        Assert.Equal(line2, Assert.Single((await coop2.LiabilitiesAsync(programId))["byLine"]!.AsArray())!["lineId"]!.GetValue<Guid>());
    }

    [DatabaseFact]
    public async Task Liabilities_CooperativesOfOneName_ComeInIdOrder()
    {
        // Four cooperatives of one name (a 联社 and its branches may be registered alike) in one programme: the
        // department's report lists them by name, then id, the same on every read.
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var coops = new List<(ApiClient Client, Guid Id)>();
        for (var i = 0; i < 4; i++) coops.Add(await _operator.CreateCooperativeAsync(factory));
        var programId = await department.CreateProgramAsync(ProgramBody(coops.Select(c => c.Id).ToArray()));
        foreach (var (coop, _) in coops) await coop.OpenSubsidizedLineAsync(programId);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var byCooperative = (await department.LiabilitiesAsync(programId))["byCooperative"]!.AsArray();
            Assert.Equal(coops.Select(c => c.Id).Order(), byCooperative.Select(c => c!["cooperativeId"]!.GetValue<Guid>()));
            Assert.All(byCooperative, c => Assert.Equal(1, c!["lines"]!.GetValue<int>()));
        }
    }

    [DatabaseFact]
    public async Task Claims_WrongRoleIs403_UnknownClaimIs404()
    {
        var (department, _) = await _operator.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);
        var programId = await department.CreateProgramAsync(ProgramBody([coopId]));
        var unknown = Guid.NewGuid();

        (await department.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await _operator.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        foreach (var decision in new[] { "approve", "reject", "mark-paid" })
        {
            (await coop.PostAsync($"/api/v1/subsidy-claims/{unknown}/{decision}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
            (await _operator.PostAsync($"/api/v1/subsidy-claims/{unknown}/{decision}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
            (await department.PostAsync($"/api/v1/subsidy-claims/{unknown}/{decision}"))
                .ExpectProblem(HttpStatusCode.NotFound, "subsidy_claim.not_found");
        }
        (await coop.GetAsync($"/api/v1/subsidy-claims/{unknown}")).ExpectProblem(HttpStatusCode.NotFound, "subsidy_claim.not_found");
        // Nothing billed yet: nothing to claim, by default (Q4 2025) or for a period.
        (await coop.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.nothing_to_claim");
        (await coop.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { periodStart = "2026-01-02", periodEnd = "2026-01-01" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "claim.period_invalid");
        (await coop.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { periodStart = "2026-01-01" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
    }

    /// <summary>An error asked for as CSV is still a problem+json answer (the framework's writer declines text/csv).</summary>
    [DatabaseFact]
    public async Task GetClaimAsCsv_UnknownClaim_Is404Problem()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var (status, contentType, _) = await coop.GetBytesAsync($"/api/v1/subsidy-claims/{Guid.NewGuid()}", "text/csv");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", contentType);
    }

    /// <summary>A city department (350900) funds a county inside it (350982): GB/T 2260 city codes end in 00.</summary>
    [DatabaseFact]
    public async Task CreateProgram_CityDepartmentForCountyInsideIt_Created()
    {
        var (city, _) = await _operator.CreateOrgDepartmentAsync(factory, "中共宁德市委组织部", "350900");
        var (coop, coopId) = await _operator.CreateCooperativeAsync(factory);
        (await city.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], regionCode: "350982"))).Expect(HttpStatusCode.Created);
    }

    private static async Task<Guid[]> ListAsync(ApiClient client) =>
        (await client.GetAsync("/api/v1/subsidy-programs")).Expect(HttpStatusCode.OK)["items"]!.AsArray()
        .Select(p => p!["id"]!.GetValue<Guid>()).ToArray();

    private static async Task<int> CountLinesAsync(ApiClient coop) =>
        (await coop.GetAsync("/api/v1/credit-lines?limit=200")).Expect(HttpStatusCode.OK)["items"]!.AsArray().Count;
}

public sealed class SubsidyProgramApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyProgramApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyProgramApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyProgramApiTests<PostgresApiFactory>(factory), IPostgresTests;
