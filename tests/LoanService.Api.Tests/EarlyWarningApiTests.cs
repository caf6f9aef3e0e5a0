using System.Net;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;
using LoanService.Application.EarlyWarning;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// Early warning through the API, with the role rules. 中共福鼎市委组织部 funds 3.00% a year on at most
/// 50,000.00 of each line (直接贴息). Drawn on 5 January 2026 at 4.35%:
///   A 福鼎农信, 张三丰 in 350982101, 80,000: billed 154.67 − 66.67 = 88.00 on the 20th, paid on the 21st.
///   B 福鼎农信, 李秀英 in 350982102, 40,000: 16 days × 40000 × 0.0435 / 360 = 77.33 interest, subsidy
///     16 × 40000 × 0.03 / 360 = 53.33, billed 24.00 due the 21st and not paid: overdue at the 21st's
///     close, the period's 53.33 forfeited, so 24.00 + 53.33 = 77.33 overdue; 1 day past due on the 22nd.
/// </summary>
public abstract class EarlyWarningApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Close_LatePaymentRaisesACaseTheDepartmentWorksAndPayingResolvesIt()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (otherDepartment, _) = await op.CreateOrgDepartmentAsync(factory, "中共霞浦县委组织部", "350921");
        var (coop1, coop1Id) = await op.CreateCooperativeAsync(factory);
        var (coop2, coop2Id) = await op.CreateCooperativeAsync(factory, "福鼎恒兴村镇银行");
        var programId = await department.CreateProgramAsync(ProgramBody([coop1Id, coop2Id], principalCap: 50_000m));
        var a = await coop1.OpenSubsidizedLineAsync(programId, "张三丰", "350982101");
        var b = await coop1.OpenSubsidizedLineAsync(programId, "李秀英", "350982102", limit: 50_000m);
        var (aId, bId) = (a["id"]!.GetValue<Guid>(), b["id"]!.GetValue<Guid>());
        var borrowerB = b["borrowerId"]!.GetValue<Guid>();
        (await coop1.PostAsync($"/api/v1/credit-lines/{aId}/draws", new { amount = 80_000m }, "ew-a")).Expect(HttpStatusCode.Created);
        (await coop1.PostAsync($"/api/v1/credit-lines/{bId}/draws", new { amount = 40_000m }, "ew-b")).Expect(HttpStatusCode.Created);

        await op.CloseThroughAsync("2026-01-20");
        Assert.Empty((await department.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        (await coop1.PostAsync($"/api/v1/credit-lines/{aId}/repayments", new { amount = 88.00m }, "ew-pay-a")).Expect(HttpStatusCode.Created);
        await op.CloseThroughAsync("2026-01-21");

        // ── 22 January: one case, B's, with three warnings ──
        var list = (await department.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK);
        var summary = Assert.Single(list["items"]!.AsArray())!;
        var caseId = summary["id"]!.GetValue<Guid>();
        Assert.Equal(("Found", "Medium", "2026-01-22", 0), (summary["state"]!.GetValue<string>(), summary["severity"]!.GetValue<string>(),
            summary["openedOn"]!.GetValue<string>(), summary["daysOpen"]!.GetValue<int>()));
        Assert.Equal(("李**", "350982102", "350982102", "硖门畲族乡第一党支部"), (summary["borrower"]!["name"]!.GetValue<string>(),
            summary["borrower"]!["township"]!.GetValue<string>(), summary["borrower"]!["regionCode"]!.GetValue<string>(),
            summary["borrower"]!["partyBranch"]!.GetValue<string>()));
        Assert.Equal("福鼎市农村信用合作联社", summary["cooperative"]!.GetValue<string>());
        var warnings = summary["warnings"]!.AsArray();
        Assert.Equal(["Classified", "PastDue", "SubsidyForfeited"], warnings.Select(w => w!["kind"]!.GetValue<string>()).Order());
        var pastDue = Assert.Single(warnings, w => w!["kind"]!.GetValue<string>() == "PastDue")!;
        Assert.Equal(77.33m, pastDue.Money("amountOverdue"));
        Assert.Equal(1, pastDue["daysPastDue"]!.GetValue<int>());
        Assert.Equal(bId, pastDue["lineId"]!.GetValue<Guid>());
        Assert.Equal("forfeited=53.33", Assert.Single(warnings, w => w!["kind"]!.GetValue<string>() == "SubsidyForfeited")!["detail"]!.GetValue<string>());

        // The close of the 21st run again changes nothing: the date's warnings are computed once.
        await factory.Services.GetRequiredService<EarlyWarningClose>().RunAsync(new LocalDate(2026, 1, 21), CancellationToken.None);
        Assert.Single((await department.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK)["items"]!.AsArray());

        // Filters.
        Assert.Single((await department.GetAsync("/api/v1/warning-cases?state=Found&severity=Medium&township=350982102")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        Assert.Empty((await department.GetAsync("/api/v1/warning-cases?township=350982101")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        Assert.Empty((await department.GetAsync($"/api/v1/warning-cases?cooperativeId={coop2Id}")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        Assert.Empty((await department.GetAsync("/api/v1/warning-cases?severity=Critical")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        (await department.GetAsync("/api/v1/warning-cases?state=found")).ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        (await department.GetAsync("/api/v1/warning-cases?township=35098x")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");

        // The cooperative sees the warnings on its own lines, masked, and nothing of the case.
        var own = (await coop1.GetAsync("/api/v1/warnings?open=true")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, own["items"]!.AsArray().Count);
        Assert.All(own["items"]!.AsArray(), w => Assert.Equal("李**", w!["borrowerName"]!.GetValue<string>()));
        Assert.Single((await coop1.GetAsync("/api/v1/warnings?kind=PastDue")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        var paged = (await coop1.GetAsync("/api/v1/warnings?limit=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        var rest = (await coop1.GetAsync($"/api/v1/warnings?limit=2&cursor={paged["nextCursor"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK);
        Assert.Single(rest["items"]!.AsArray());
        Assert.Null(rest["nextCursor"]);
        Assert.Empty((await coop2.GetAsync("/api/v1/warnings")).Expect(HttpStatusCode.OK)["items"]!.AsArray());

        // Role rules: the case is the department's; another department does not find it.
        (await coop1.GetAsync("/api/v1/warning-cases")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await coop1.GetAsync($"/api/v1/warning-cases/{caseId}")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await department.GetAsync("/api/v1/warnings")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await op.GetAsync("/api/v1/warning-cases")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await otherDepartment.GetAsync($"/api/v1/warning-cases/{caseId}")).ExpectProblem(HttpStatusCode.NotFound, "case.not_found");
        (await otherDepartment.PostAsync($"/api/v1/warning-cases/{caseId}/helper", new { helperName = "王强", helperPost = "书记" }))
            .ExpectProblem(HttpStatusCode.NotFound, "case.not_found");
        Assert.Empty((await otherDepartment.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK)["items"]!.AsArray());

        // Helped: a helper, then a visit; refusals change nothing.
        (await department.PostAsync($"/api/v1/warning-cases/{caseId}/help-records", new { date = "2026-01-22", action = "入户走访" }))
            .ExpectProblem((HttpStatusCode)422, "case.no_helper");
        (await department.PostAsync($"/api/v1/warning-cases/{caseId}/helper", new { helperName = "", helperPost = "书记" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "case.helper_invalid");
        var assigned = (await department.PostAsync($"/api/v1/warning-cases/{caseId}/helper",
            new { helperName = "林建华", helperPost = "村党支部书记" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("Assigned", "林建华", "村党支部书记"), (assigned["case"]!["state"]!.GetValue<string>(),
            assigned["case"]!["helperName"]!.GetValue<string>(), assigned["case"]!["helperPost"]!.GetValue<string>()));
        (await department.PostAsync($"/api/v1/warning-cases/{caseId}/help-records", new { date = "2026-01-23", action = "入户走访" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "case.help_invalid"); // after today, the 22nd
        var helped = (await department.PostAsync($"/api/v1/warning-cases/{caseId}/help-records",
            new { date = "2026-01-22", action = "入户走访", note = "家中老人住院，已联系村委协助，承诺本周还款；电话 13812345678" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Helped", helped["case"]!["state"]!.GetValue<string>());
        var visit = Assert.Single(helped["changes"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "HelpRecorded")!;
        Assert.Equal("家中老人住院，已联系村委协助，承诺本周还款；电话 138****5678", visit["note"]!.GetValue<string>());
        Assert.StartsWith("key:", visit["actor"]!.GetValue<string>());
        Assert.DoesNotContain("helper", (await coop1.GetAsync("/api/v1/warnings")).Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("入户走访", (await coop1.GetAsync("/api/v1/warnings")).Body);

        // With the borrower's agreement, recorded by the cooperative, the department knows the name.
        (await department.PostAsync($"/api/v1/borrowers/{borrowerB}/name-disclosure", new { agreed = true }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await coop2.PostAsync($"/api/v1/borrowers/{borrowerB}/name-disclosure", new { agreed = true }))
            .ExpectProblem(HttpStatusCode.NotFound, "borrower.not_found");
        var consent = (await coop1.PostAsync($"/api/v1/borrowers/{borrowerB}/name-disclosure", new { agreed = true })).Expect(HttpStatusCode.OK);
        Assert.Equal((true, "2026-01-22"), (consent["agreed"]!.GetValue<bool>(), consent["recordedOn"]!.GetValue<string>()));
        var named = (await department.GetAsync($"/api/v1/warning-cases/{caseId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("李秀英", true), (named["case"]!["borrower"]!["name"]!.GetValue<string>(), named["case"]!["borrower"]!["nameDisclosed"]!.GetValue<bool>()));
        Assert.Equal("李**", (await coop1.GetAsync("/api/v1/warnings?kind=PastDue")).Expect(HttpStatusCode.OK)["items"]![0]!["borrowerName"]!.GetValue<string>());

        // ── B pays the 77.33 on the 22nd (compound interest starts only at the 22nd's close); the close clears all three ──
        (await coop1.PostAsync($"/api/v1/credit-lines/{bId}/repayments", new { amount = 77.33m }, "ew-pay-b")).Expect(HttpStatusCode.Created);
        await op.CloseThroughAsync("2026-01-22");
        var resolved = (await department.GetAsync($"/api/v1/warning-cases/{caseId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("Resolved", "2026-01-23", false), (resolved["case"]!["state"]!.GetValue<string>(),
            resolved["case"]!["resolvedOn"]!.GetValue<string>(), resolved["case"]!["resolvedByDepartment"]!.GetValue<bool>()));
        Assert.Empty(resolved["case"]!["warnings"]!.AsArray());
        Assert.All(resolved["history"]!.AsArray(), w => Assert.Equal("2026-01-23", w!["clearedOn"]!.GetValue<string>()));
        Assert.Equal(["Opened", "WarningAdded", "WarningAdded", "WarningAdded", "HelperAssigned", "HelpRecorded",
                "WarningCleared", "WarningCleared", "WarningCleared", "Resolved"],
            resolved["changes"]!.AsArray().Select(c => c!["kind"]!.GetValue<string>()));
        Assert.Empty((await coop1.GetAsync("/api/v1/warnings?open=true")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        Assert.Equal(3, (await coop1.GetAsync("/api/v1/warnings?open=false")).Expect(HttpStatusCode.OK)["items"]!.AsArray().Count);

        (await department.PostAsync($"/api/v1/warning-cases/{caseId}/resolve", new { reason = "已还清" }))
            .ExpectProblem((HttpStatusCode)422, "case.already_resolved");
        (await department.PostAsync($"/api/v1/warning-cases/{caseId}/helper", new { helperName = "王强", helperPost = "书记" }))
            .ExpectProblem((HttpStatusCode)422, "case.resolved");

        // January 2026: one case opened on the 22nd, resolved on the 23rd after 1 day.
        var month = Assert.Single((await department.GetAsync("/api/v1/warning-cases/months")).Expect(HttpStatusCode.OK)["items"]!.AsArray())!;
        Assert.Equal((2026, 1, 1, 1, 1.0m, 1), (month["year"]!.GetValue<int>(), month["month"]!.GetValue<int>(),
            month["opened"]!.GetValue<int>(), month["resolved"]!.GetValue<int>(), month.Money("averageDaysOpen"),
            month["longestDaysOpen"]!.GetValue<int>()));
    }

}

/// <summary>A case the department resolves by hand: on a database of its own, as it closes days of its own.</summary>
public abstract class EarlyWarningResolveApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Resolve_ByTheDepartmentWithAReason_KeepsItsWarningsAndANewWarningOpensANewCase()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory, "中共柘荣县委组织部", "350926");
        var (coop, coopId) = await op.CreateCooperativeAsync(factory, "柘荣县农村信用合作联社");
        var programId = await department.CreateProgramAsync(ProgramBody([coopId], regionCode: "350926", name: "柘荣县党员先锋贷贴息"));
        var line = await coop.OpenSubsidizedLineAsync(programId, "陈美玲", "350926100");
        var lineId = line["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/draws", new { amount = 100_000m }, "ew-r-draw")).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/freeze")).Expect(HttpStatusCode.OK);
        var today = (await op.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK)["businessDate"]!.GetValue<string>();
        await op.CloseThroughAsync(today);

        var found = Assert.Single((await department.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK)["items"]!.AsArray())!;
        Assert.Equal("Frozen", Assert.Single(found["warnings"]!.AsArray())!["kind"]!.GetValue<string>());
        var caseId = found["id"]!.GetValue<Guid>();
        (await department.PostAsync($"/api/v1/warning-cases/{caseId}/resolve", new { reason = " " }))
            .ExpectProblem(HttpStatusCode.BadRequest, "case.reason_invalid");
        var resolved = (await department.PostAsync($"/api/v1/warning-cases/{caseId}/resolve",
            new { reason = "冻结系核实身份所致，非经营困难" })).Expect(HttpStatusCode.OK);
        Assert.Equal(("Resolved", true, "冻结系核实身份所致，非经营困难"), (resolved["case"]!["state"]!.GetValue<string>(),
            resolved["case"]!["resolvedByDepartment"]!.GetValue<bool>(), resolved["case"]!["resolutionReason"]!.GetValue<string>()));
        Assert.Single(resolved["case"]!["warnings"]!.AsArray()); // the line is still frozen

        // Unfrozen, then frozen again a day later: a new warning, so a new case; the resolved one stays as it was.
        var next = (await op.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK)["businessDate"]!.GetValue<string>();
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/unfreeze")).Expect(HttpStatusCode.OK);
        await op.CloseThroughAsync(next);
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/freeze")).Expect(HttpStatusCode.OK);
        var after = (await op.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK)["businessDate"]!.GetValue<string>();
        await op.CloseThroughAsync(after);
        var all = (await department.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Equal(["Found", "Resolved"], all.Select(c => c!["state"]!.GetValue<string>()));
        Assert.NotEqual(caseId, all[0]!["id"]!.GetValue<Guid>());
    }
}

public sealed class EarlyWarningApiTestsOnSqlite(SqliteApiFactory factory) : EarlyWarningApiTests<SqliteApiFactory>(factory);

public sealed class EarlyWarningApiTestsOnPostgres(PostgresApiFactory factory)
    : EarlyWarningApiTests<PostgresApiFactory>(factory), IPostgresTests;

public sealed class EarlyWarningResolveApiTestsOnSqlite(SqliteApiFactory factory) : EarlyWarningResolveApiTests<SqliteApiFactory>(factory);

public sealed class EarlyWarningResolveApiTestsOnPostgres(PostgresApiFactory factory)
    : EarlyWarningResolveApiTests<PostgresApiFactory>(factory), IPostgresTests;
