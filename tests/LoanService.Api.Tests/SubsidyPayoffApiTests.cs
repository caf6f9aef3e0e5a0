using System.Net;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// A subsidized line paid off mid-period through the API (直接贴息, fixed 3.00%, 4.35% line): closes days,
/// so it has a database of its own.
/// </summary>
public abstract class SubsidyPayoffApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{

    /// <summary>
    /// Paying off a subsidized line mid-period bills its accrued subsidy and earns it at once; a
    /// repayment short of the payoff leaves it accruing.
    /// </summary>
    [DatabaseFact]
    public async Task Payoff_MidPeriod_BillsAndEarnsTheAccruedSubsidy()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var programId = await department.CreateProgramAsync(ProgramBody([coopId], budget: 1_000.00m));
        var line = await coop.OpenSubsidizedLineAsync(programId, "郑大海", "350982101");
        var id = line["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 60_000m })).Expect(HttpStatusCode.Created);

        // 5–9 January on 60,000: interest 5 × 7.25 = 36.25, subsidy 5 × 5.00 = 25.00. On the 10th 1,000 pays
        // principal (step 5 comes before the accrued interest), so the subsidy keeps accruing.
        await op.CloseThroughAsync("2026-01-09");
        var partial = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 1_000m }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(1_000.00m, partial["allocation"]!.Money("principal"));
        Assert.Equal(25.00m, partial["line"]!["subsidy"]!.Money("accrued"));

        // 10–14 January on 59,000: interest 59000 × 0.0435 × 5 / 360 = 35.6458333…, subsidy 59000 × 0.03 × 5 / 360
        // = 24.5833333…. Gross 71.8958333… → 71.90, subsidy 49.5833333… → 49.58: the borrower owes 22.32, and
        // the payoff on the 15th is 59,000.00 + 22.32 = 59,022.32.
        await op.CloseThroughAsync("2026-01-14");
        var quote = (await coop.GetAsync($"/api/v1/credit-lines/{id}/payoff-quote")).Expect(HttpStatusCode.OK);
        Assert.Equal(59_022.32m, quote.Money("amount"));
        var payoff = (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 59_022.32m }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(22.32m, payoff["allocation"]!.Money("interest"));
        Assert.Equal(0.00m, payoff["line"]!.Money("payoffAmount"));
        Assert.Equal(0.00m, payoff["line"]!["subsidy"]!.Money("accrued"));
        Assert.Equal(0.00m, payoff["line"]!["subsidy"]!.Money("billedNotEarned"));

        var liabilities = await department.LiabilitiesAsync(programId);
        AssertBuckets(liabilities["totals"]!, earnedNotClaimed: 49.58m);
        Assert.Equal(950.42m, liabilities.Money("remainingBudget"));
        var program = (await department.GetAsync($"/api/v1/subsidy-programs/{programId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(49.58m, program.Money("used"));
    }
}

public sealed class SubsidyPayoffApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyPayoffApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyPayoffApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyPayoffApiTests<PostgresApiFactory>(factory), IPostgresTests;
