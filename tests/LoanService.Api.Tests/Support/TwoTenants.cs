using System.Net;

namespace LoanService.Api.Tests.Support;

/// <summary>A tenant's callers and keys, and the ids of everything it owns.</summary>
public sealed record Tenant(ApiClient Coop, string CoopKey, ApiClient Department, string DepartmentKey, TenantIds Ids);

/// <summary>Tenants with a resource of every kind, for tests that go through every endpoint.</summary>
public static class TwoTenants
{
    /// <summary>
    /// Two tenants, 福鼎 (own) and 霞浦 (others), each a cooperative and a department whose programme only
    /// that cooperative takes part in, with a borrower and a line enrolled in it, 1,000.00 drawn on 5 January,
    /// January's bill paid on the 21st and the earned subsidy claimed. Closes 5–20 January: the business date
    /// is 2026-01-21 afterwards. At 4.35% with 3.00% subsidized: interest 1000 × 0.0435 / 360 × 16 = 1.9333… →
    /// 1.93, subsidy 1000 × 0.03 / 360 × 16 = 1.3333… → 1.33, the borrower billed 0.60, the claim 1.33.
    /// Each also has a second borrower whose enrolled line (nothing drawn) the cooperative froze: the close
    /// raises a Frozen warning, so the department has an early-warning case.
    /// </summary>
    public static async Task<(Tenant Own, Tenant Others)> CreateAsync(ApiFactory factory)
    {
        var op = factory.Operator();
        var own = await SetUpAsync(factory, op, "福鼎市农村信用合作联社", "福鼎农信", "中共福鼎市委组织部", "350982", "350982101",
            "福鼎市2026年党员先锋贷贴息");
        var others = await SetUpAsync(factory, op, "霞浦县农村信用合作联社", "霞浦农信", "中共霞浦县委组织部", "350921", "350921102",
            "霞浦县2026年党员先锋贷贴息");
        await op.CloseThroughAsync("2026-01-20");
        return (await CaseAsync(await ClaimAsync(own)), await CaseAsync(await ClaimAsync(others)));
    }

    private static async Task<Tenant> SetUpAsync(ApiFactory factory, ApiClient op, string cooperative, string signature,
        string department, string region, string township, string programName)
    {
        var coopCreated = (await op.PostAsync("/api/v1/cooperatives", new { name = cooperative, signature })).Expect(HttpStatusCode.Created);
        var coopKey = coopCreated["apiKey"]!.GetValue<string>();
        var coop = factory.WithKey(coopKey);
        var coopId = coopCreated["id"]!.GetValue<Guid>();
        var departmentCreated = (await op.PostAsync("/api/v1/org-departments", new { name = department, regionCode = region }))
            .Expect(HttpStatusCode.Created);
        var departmentKey = departmentCreated["apiKey"]!.GetValue<string>();
        var departmentClient = factory.WithKey(departmentKey);
        var programId = await departmentClient.CreateProgramAsync(SubsidySupport.ProgramBody([coopId],
            name: programName, regionCode: region, funder: department));
        var line = await coop.OpenSubsidizedLineAsync(programId, regionCode: township);
        var lineId = line["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/draws", new { amount = 1_000m })).Expect(HttpStatusCode.Created);
        var frozen = (await coop.OpenSubsidizedLineAsync(programId, "周海燕", township))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{frozen}/freeze")).Expect(HttpStatusCode.OK);
        var ids = new TenantIds(lineId, line["borrowerId"]!.GetValue<Guid>(), coopId,
            departmentCreated["id"]!.GetValue<Guid>(), programId, Guid.Empty);
        return new Tenant(coop, coopKey, departmentClient, departmentKey, ids);
    }

    private static async Task<Tenant> CaseAsync(Tenant tenant)
    {
        var cases = (await tenant.Department.GetAsync("/api/v1/warning-cases")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        return tenant with { Ids = tenant.Ids with { CaseId = Assert.Single(cases)!["id"]!.GetValue<Guid>() } };
    }

    private static async Task<Tenant> ClaimAsync(Tenant tenant)
    {
        var (coop, ids) = (tenant.Coop, tenant.Ids);
        (await coop.PostAsync($"/api/v1/credit-lines/{ids.LineId}/repayments", new { amount = 0.60m })).Expect(HttpStatusCode.Created);
        var claim = (await coop.PostAsync($"/api/v1/subsidy-programs/{ids.ProgramId}/claims",
            new { periodStart = "2026-01-01", periodEnd = "2026-01-20" })).Expect(HttpStatusCode.Created);
        Assert.Equal(1.33m, claim.Money("total"));
        return tenant with { Ids = ids with { ClaimId = claim["id"]!.GetValue<Guid>() } };
    }
}
