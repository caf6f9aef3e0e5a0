using System.Net;
using System.Text;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// 先缴后补 (BorrowerRefund) through the API: the borrower is billed the full interest and the claim is a
/// refund list per borrower. Closes days, so it has a database of its own.
///
/// Half of the interest (ShareOfInterest 0.5) of lines at 4.35%, so a subsidy rate of 2.175%; drawn 2026-01-05:
///   R1 陈春花 50,000: interest 50000 × 0.0435 / 360 = 6.0416…/day, subsidy 50000 × 0.02175 / 360 = 3.0208…/day;
///   R2 林志强 20,000: interest 2.4166…/day, subsidy 1.2083…/day;
///   R3 黄美玲 30,000: interest 3.625/day, subsidy 1.8125/day.
/// Settlement 20 January, 16 days: R1 96.666… → 96.67 billed, subsidy 48.333… → 48.33; R2 38.666… → 38.67,
/// 19.333… → 19.33; R3 58.00, 29.00. R1 and R2 pay on the 21st; R3 does not.
/// </summary>
public abstract class SubsidyRefundApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task BorrowerRefund_BillsFullInterest_ClaimListsRefundsPerBorrower_ForfeitAddsNothingToTheBorrower()
    {
        var op = factory.Operator();
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var programId = await department.CreateProgramAsync(ProgramBody([coopId], name: "福鼎市2026年先缴后补贴息",
            kind: "ShareOfInterest", value: 0.5m, mode: "BorrowerRefund"));

        var r1 = await coop.OpenSubsidizedLineAsync(programId, "陈春花", "350982101");
        var r2 = await coop.OpenSubsidizedLineAsync(programId, "林志强", "350982103");
        var r3 = await coop.OpenSubsidizedLineAsync(programId, "黄美玲", "350982101");
        Assert.Equal("BorrowerRefund", r1["subsidy"]!["mode"]!.GetValue<string>());
        Assert.Equal(0.02175m, r1["subsidy"]!.Money("annualRate"));
        Assert.Equal(200_000.00m, r1["subsidy"]!.Money("principalCap"));
        var (r1Id, r2Id, r3Id) = (r1["id"]!.GetValue<Guid>(), r2["id"]!.GetValue<Guid>(), r3["id"]!.GetValue<Guid>());
        (await coop.PostAsync($"/api/v1/credit-lines/{r1Id}/draws", new { amount = 50_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{r2Id}/draws", new { amount = 20_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{r3Id}/draws", new { amount = 30_000m })).Expect(HttpStatusCode.Created);

        // 5–19 January: R1's interest 15 × 6.0416… = 90.625 → 90.63 shown in full (not net), subsidy 45.3125 → 45.31.
        await op.CloseThroughAsync("2026-01-19");
        var line1 = (await coop.GetAsync($"/api/v1/credit-lines/{r1Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(90.63m, line1.Money("accruedInterest"));
        Assert.Equal(45.31m, line1["subsidy"]!.Money("accrued"));

        await op.CloseThroughAsync("2026-01-20");
        line1 = (await coop.GetAsync($"/api/v1/credit-lines/{r1Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(96.67m, line1.Money("billedInterest"));
        Assert.Equal(48.33m, line1["subsidy"]!.Money("billedNotEarned"));
        var line3 = (await coop.GetAsync($"/api/v1/credit-lines/{r3Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(58.00m, line3.Money("billedInterest"));
        Assert.Equal(29.00m, line3["subsidy"]!.Money("billedNotEarned"));
        // 48.33 + 19.33 + 29.00 = 96.66 billed, not earned.
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!, billedNotEarned: 96.66m);

        (await coop.PostAsync($"/api/v1/credit-lines/{r1Id}/repayments", new { amount = 96.67m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{r2Id}/repayments", new { amount = 38.67m })).Expect(HttpStatusCode.Created);
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!, billedNotEarned: 29.00m, earnedNotClaimed: 67.66m);

        // The refund list: 48.33 to 陈**, 19.33 to 林**, 67.66 in all.
        var claim = (await coop.PostAsync($"/api/v1/subsidy-programs/{programId}/claims",
            new { periodStart = "2026-01-01", periodEnd = "2026-01-20" })).Expect(HttpStatusCode.Created);
        var claimId = claim["id"]!.GetValue<Guid>();
        Assert.Equal("BorrowerRefund", claim["mode"]!.GetValue<string>());
        Assert.Equal(67.66m, claim.Money("total"));
        Assert.Equal(2, claim["itemCount"]!.GetValue<int>());
        var refunds = claim["refunds"]!.AsArray();
        Assert.Equal(2, refunds.Count);
        var refund1 = Assert.Single(refunds, r => r!["borrowerId"]!.GetValue<Guid>() == r1["borrowerId"]!.GetValue<Guid>())!;
        Assert.Equal("陈**", refund1["borrowerName"]!.GetValue<string>());
        Assert.Equal(1, refund1["periods"]!.GetValue<int>());
        Assert.Equal(48.33m, refund1.Money("amount"));
        var refund2 = Assert.Single(refunds, r => r!["borrowerId"]!.GetValue<Guid>() == r2["borrowerId"]!.GetValue<Guid>())!;
        Assert.Equal("林**", refund2["borrowerName"]!.GetValue<string>());
        Assert.Equal(19.33m, refund2.Money("amount"));
        var item1 = Assert.Single(claim["items"]!.AsArray(), i => i!["lineId"]!.GetValue<Guid>() == r1Id)!;
        Assert.Equal(0.02175m, item1.Money("annualRate"));
        Assert.Equal(50_000.00m, item1.Money("principal"));
        Assert.Equal(16, item1["days"]!.GetValue<int>());

        // R3 unpaid at the 21st's close: overdue 58.00, the full interest it was billed; nothing added (先缴后补).
        await op.CloseThroughAsync("2026-01-21");
        line3 = (await coop.GetAsync($"/api/v1/credit-lines/{r3Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(58.00m, line3.Money("overdueInterest"));
        Assert.Equal(0.00m, line3["subsidy"]!.Money("billedNotEarned"));
        // The 21st's interest in full: 3.625 → 3.63.
        Assert.Equal(3.63m, line3.Money("accruedInterest"));
        var journal3 = (await coop.GetAsync($"/api/v1/credit-lines/{r3Id}/transactions")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(journal3["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "SubsidyForfeited");
        // Accrued on the 21st: 3.0208… + 1.2083… + 1.8125 = 6.0416… → 6.04; used 6.0416… + 67.66 = 73.7016… → 73.70;
        // left 3,000,000 − 73.7016… = 2,999,926.2983… → 2,999,926.30.
        var liabilities = await department.LiabilitiesAsync(programId);
        AssertBuckets(liabilities["totals"]!, accruedUnbilled: 6.04m, claimedNotPaid: 67.66m, forfeited: 29.00m, used: 73.70m);
        Assert.Equal(2_999_926.30m, liabilities.Money("remainingBudget"));

        // The refund list as CSV: the items, their total, then one row per borrower.
        var (status, _, bytes) = await department.GetBytesAsync($"/api/v1/subsidy-claims/{claimId}", "text/csv");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal("贴息退付清单,福鼎市2026年先缴后补贴息", rows[0]);
        var total = Assert.Single(rows, r => r.StartsWith("合计,", StringComparison.Ordinal));
        Assert.Equal(67.66m, decimal.Parse(total.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture));
        var refundHeader = Array.IndexOf(rows, "借款人,身份证号,期数,退付金额(元)");
        Assert.True(refundHeader > 0);
        var refundRows = rows[(refundHeader + 1)..].Where(r => r.Length > 0).ToArray();
        Assert.Equal(2, refundRows.Length);
        Assert.Contains($"陈**,{refund1["residentId"]!.GetValue<string>()},1,48.33", refundRows);
        Assert.Contains($"林**,{refund2["residentId"]!.GetValue<string>()},1,19.33", refundRows);
    }
}

public sealed class SubsidyRefundApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyRefundApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyRefundApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyRefundApiTests<PostgresApiFactory>(factory), IPostgresTests;
