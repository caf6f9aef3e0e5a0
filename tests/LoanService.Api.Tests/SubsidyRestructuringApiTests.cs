using System.Net;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// 续贷 of an enrolled line: the enrolment and the accrued subsidy move to the new line (docs/rules.md §5).
/// Closes days, so it has a database of its own. A fixed 3.00% (直接贴息) on a 2-month line opened
/// 2026-01-05 (matures 2026-03-05, renewal window from 2026-02-03), 60,000 drawn at 4.35%:
/// interest 60000 × 0.0435 / 360 = 7.25 a day, subsidy 60000 × 0.03 / 360 = 5.00 a day.
/// </summary>
public abstract class SubsidyRenewalApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Renew_EnrolledLine_CarriesEnrolmentAndAccruedSubsidy_BilledAndClaimedOnTheNewLine()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var programId = await department.CreateProgramAsync(ProgramBody([coopId]));
        var oldId = (await coop.OpenSubsidizedLineAsync(programId, "张三丰", termMonths: 2))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{oldId}/draws", new { amount = 60_000m })).Expect(HttpStatusCode.Created);

        // 5–20 January: interest 16 × 7.25 = 116.00, subsidy 16 × 5.00 = 80.00, billed 36.00 and paid: 80.00 earned.
        await op.CloseThroughAsync("2026-01-20");
        (await coop.PostAsync($"/api/v1/credit-lines/{oldId}/repayments", new { amount = 36.00m })).Expect(HttpStatusCode.Created);
        // 21 January – 2 February, 13 days: interest 94.25, subsidy 65.00, the borrower's part 29.25.
        await op.CloseThroughAsync("2026-02-02");
        var successor = (await coop.PostAsync($"/api/v1/credit-lines/{oldId}/renewals",
            new { limit = 100_000m, termMonths = 12, annualRate = 0.0435m })).Expect(HttpStatusCode.Created);
        var newId = successor["id"]!.GetValue<Guid>();
        Assert.Equal(60_000.00m, successor.Money("principal"));
        Assert.Equal(29.25m, successor.Money("accruedInterest"));
        Assert.Equal(programId, successor["subsidy"]!["programId"]!.GetValue<Guid>());
        Assert.Equal(65.00m, successor["subsidy"]!.Money("accrued"));
        var old = (await coop.GetAsync($"/api/v1/credit-lines/{oldId}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Renewed", old["status"]!.GetValue<string>());
        Assert.Equal(0.00m, old["subsidy"]!.Money("accrued"));

        // The accrued 65.00 now belongs to the new line; the old keeps its earned 80.00. Used 145.00.
        var liabilities = await department.LiabilitiesAsync(programId);
        AssertBuckets(liabilities["totals"]!, accruedUnbilled: 65.00m, earnedNotClaimed: 80.00m);
        AssertBuckets(liabilities.Line(oldId)["liabilities"]!, earnedNotClaimed: 80.00m);
        AssertBuckets(liabilities.Line(newId)["liabilities"]!, accruedUnbilled: 65.00m);

        // 3–20 February on the new line, 18 days: interest 94.25 + 18 × 7.25 = 224.75, subsidy 65.00 + 18 × 5.00 =
        // 155.00, the borrower billed 224.75 − 155.00 = 69.75.
        await op.CloseThroughAsync("2026-02-20");
        var line = (await coop.GetAsync($"/api/v1/credit-lines/{newId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(69.75m, line.Money("billedInterest"));
        Assert.Equal(155.00m, line["subsidy"]!.Money("billedNotEarned"));
        (await coop.PostAsync($"/api/v1/credit-lines/{newId}/repayments", new { amount = 69.75m })).Expect(HttpStatusCode.Created);

        // One period from 21 January, 13 + 18 = 31 days on 60,000.00: 31 × 5.00 = 155.00. Claimed five times at
        // once, it is claimed once: the others find it taken (409) or gone (422), or the database busy (503).
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => coop.PostAsync(
            $"/api/v1/subsidy-programs/{programId}/claims", new { periodStart = "2026-02-01", periodEnd = "2026-02-20" })));
        var claim = Assert.Single(attempts, a => a.Status == HttpStatusCode.Created)!.Json;
        Assert.All(attempts.Where(a => a.Status != HttpStatusCode.Created), a => Assert.Contains(a.Json["code"]!.GetValue<string>(),
            new[] { "concurrency.conflict", "claim.nothing_to_claim", "service.unavailable" }));
        Assert.Single((await coop.GetAsync($"/api/v1/subsidy-programs/{programId}/claims")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!, earnedNotClaimed: 80.00m, claimedNotPaid: 155.00m);
        var item = Assert.Single(claim["items"]!.AsArray())!;
        Assert.Equal(newId, item["lineId"]!.GetValue<Guid>());
        Assert.Equal("2026-01-21", item["periodStart"]!.GetValue<string>());
        Assert.Equal("2026-02-20", item["periodEnd"]!.GetValue<string>());
        Assert.Equal(31, item["days"]!.GetValue<int>());
        Assert.Equal(60_000.00m, item.Money("principal"));
        Assert.Equal(155.00m, item.Money("amount"));

        // By month the renewal's transfer cancels out: January 27 × 5.00 = 135.00; February 2 + 18 days = 100.00.
        var monthly = (await department.GetAsync($"/api/v1/subsidy-programs/{programId}/monthly")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Equal(new[] { ("2026-01", 135.00m), ("2026-02", 100.00m) },
            monthly.Select(m => (m!["month"]!.GetValue<string>(), m.Money("amount"))));
    }
}

public sealed class SubsidyRenewalApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyRenewalApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyRenewalApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyRenewalApiTests<PostgresApiFactory>(factory), IPostgresTests;

/// <summary>
/// 展期 of an enrolled line: no subsidy unless the programme covers extended lines (docs/rules.md §6). Closes
/// days, so it has a database of its own. 60,000 drawn 2026-01-05 at 4.35% and extended the same day:
/// interest 7.25 a day, subsidy at 3.00% 5.00 a day.
/// </summary>
public abstract class SubsidyExtensionApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Extend_EnrolledLine_SubsidyStopsUnlessTheProgrammeCoversExtendedLines()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var notCovering = await department.CreateProgramAsync(ProgramBody([coopId]));
        var covering = await department.CreateProgramAsync(new
        {
            name = "福鼎市2026年展期贴息", funder = "中共福鼎市委组织部", regionCode = "350982", cooperativeIds = new[] { coopId },
            startDate = "2026-01-01", endDate = "2026-12-31", budget = 3_000_000m, rateRule = new { kind = "FixedRate", value = 0.03m },
            mode = "LenderClaims", coversExtendedLines = true,
        });
        var lines = new List<Guid>();
        foreach (var programId in new[] { notCovering, covering })
        {
            var id = (await coop.OpenSubsidizedLineAsync(programId))["id"]!.GetValue<Guid>();
            (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 60_000m })).Expect(HttpStatusCode.Created);
            var extended = (await coop.PostAsync($"/api/v1/credit-lines/{id}/extensions",
                new { newMaturityDate = "2027-07-05", reason = "受灾减产" })).Expect(HttpStatusCode.Created);
            Assert.Equal("Extended", extended["status"]!.GetValue<string>());
            lines.Add(id);
        }

        await op.CloseThroughAsync("2026-01-06");
        // Not covered: no subsidy, the borrower owes 2 × 7.25 = 14.50; nothing forecast.
        var plain = (await coop.GetAsync($"/api/v1/credit-lines/{lines[0]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.00m, plain["subsidy"]!.Money("accrued"));
        Assert.Equal(14.50m, plain.Money("accruedInterest"));
        var notCoveringLiabilities = await department.LiabilitiesAsync(notCovering);
        AssertBuckets(notCoveringLiabilities["totals"]!);
        Assert.Equal(0.00m, notCoveringLiabilities["forecast"]!.Money("additional"));
        // Covered: 2 × 5.00 = 10.00, the borrower 14.50 − 10.00 = 4.50; forecast 7 January – 31 December,
        // 359 days × 5.00 = 1795.00.
        var kept = (await coop.GetAsync($"/api/v1/credit-lines/{lines[1]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(10.00m, kept["subsidy"]!.Money("accrued"));
        Assert.Equal(4.50m, kept.Money("accruedInterest"));
        var coveringLiabilities = await department.LiabilitiesAsync(covering);
        AssertBuckets(coveringLiabilities["totals"]!, accruedUnbilled: 10.00m);
        Assert.Equal(1_795.00m, coveringLiabilities["forecast"]!.Money("additional"));
    }
}

public sealed class SubsidyExtensionApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyExtensionApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyExtensionApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyExtensionApiTests<PostgresApiFactory>(factory), IPostgresTests;
