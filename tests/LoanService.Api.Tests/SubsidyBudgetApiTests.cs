using System.Net;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// A programme's budget through the API: subsidy stops when it is used up, enrolment is refused, and a
/// forfeited period gives it back. Closes days, so it has a database of its own.
///
/// Budget 12.00 at a fixed 3.00% (直接贴息); 60,000 drawn 2026-01-05 at 4.35%:
/// subsidy 60000 × 0.03 / 360 = 5.00 a day, interest 60000 × 0.0435 / 360 = 7.25 a day.
/// 5 January 5.00, 6 January 5.00 (10.00), 7 January only the 2.00 left: exhausted on the 7th.
/// </summary>
public abstract class SubsidyBudgetApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Budget_UsedUp_StopsSubsidyAndEnrolment_ForfeitGivesItBack()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var programId = await department.CreateProgramAsync(ProgramBody([coopId], budget: 12.00m));
        var line = await coop.OpenSubsidizedLineAsync(programId, "郑大海", "350982101");
        var id = line["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 60_000m })).Expect(HttpStatusCode.Created);

        await op.CloseThroughAsync("2026-01-07");
        var program = (await department.GetAsync($"/api/v1/subsidy-programs/{programId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(12.00m, program.Money("used"));
        Assert.Equal(0.00m, program.Money("remaining"));
        Assert.True(program["exhausted"]!.GetValue<bool>());
        Assert.Equal("2026-01-07", program["exhaustedOn"]!.GetValue<string>());
        // Interest 3 × 7.25 = 21.75, of which the programme pays 12.00: the borrower 9.75.
        var current = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(12.00m, current["subsidy"]!.Money("accrued"));
        Assert.Equal(9.75m, current.Money("accruedInterest"));
        var liabilities = await department.LiabilitiesAsync(programId);
        AssertBuckets(liabilities["totals"]!, accruedUnbilled: 12.00m);
        Assert.Equal(0.00m, liabilities.Money("remainingBudget"));
        Assert.True(liabilities["exhausted"]!.GetValue<bool>());
        Assert.Equal(0.00m, liabilities["forecast"]!.Money("additional"));

        var refusedBorrower = await coop.RegisterBorrowerAsync("吴晓燕");
        var before = (await coop.GetAsync("/api/v1/credit-lines")).Expect(HttpStatusCode.OK)["items"]!.AsArray().Count;
        (await coop.PostAsync("/api/v1/credit-lines", new
                { borrowerId = refusedBorrower, limit = 50_000m, annualRate = 0.0435m, termMonths = 12, subsidyProgramId = programId }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "subsidy.program_exhausted");
        Assert.Equal(before, (await coop.GetAsync("/api/v1/credit-lines")).Expect(HttpStatusCode.OK)["items"]!.AsArray().Count);

        // 5–20 January: interest 16 × 7.25 = 116.00, subsidy 12.00: the borrower is billed 104.00.
        await op.CloseThroughAsync("2026-01-20");
        current = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(104.00m, current.Money("billedInterest"));
        Assert.Equal(12.00m, current["subsidy"]!.Money("billedNotEarned"));

        // Unpaid at the 21st's close: the borrower owes 104.00 + 12.00 = 116.00 overdue; the 12.00 returns.
        await op.CloseThroughAsync("2026-01-21");
        current = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(116.00m, current.Money("overdueInterest"));
        program = (await department.GetAsync($"/api/v1/subsidy-programs/{programId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.00m, program.Money("used"));
        Assert.Equal(12.00m, program.Money("remaining"));
        Assert.False(program["exhausted"]!.GetValue<bool>());
        Assert.Null(program["exhaustedOn"]);
        liabilities = await department.LiabilitiesAsync(programId);
        AssertBuckets(liabilities["totals"]!, forfeited: 12.00m);
        Assert.Equal(12.00m, liabilities.Money("remainingBudget"));
        Assert.False(liabilities["exhausted"]!.GetValue<bool>());

        var enrolled = (await coop.PostAsync("/api/v1/credit-lines", new
                { borrowerId = refusedBorrower, limit = 50_000m, annualRate = 0.0435m, termMonths = 12, subsidyProgramId = programId }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(programId, enrolled["subsidy"]!["programId"]!.GetValue<Guid>());
    }
}

public sealed class SubsidyBudgetApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyBudgetApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyBudgetApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyBudgetApiTests<PostgresApiFactory>(factory), IPostgresTests;
