using System.Net;
using System.Text;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// 直接贴息 (LenderClaims) from enrolment to a paid claim, with a forfeited period, through the API.
/// Closes days, so it has a database of its own.
///
/// 中共福鼎市委组织部 (350982) funds 3,000,000.00 for 2026 at a fixed 3.00% a year on at most
/// 50,000.00 of each line. Drawn 2026-01-05, all at 4.35% but C:
///   A 福鼎农信, 张三丰 in 350982101: 80,000 → subsidy on 50,000: 50000 × 0.03 / 360 = 4.1666…/day;
///                                   interest 80000 × 0.0435 / 360 = 9.6666…/day.
///   B 福鼎农信, 李秀英 in 350982102: 40,000 → subsidy 40000 × 0.03 / 360 = 3.3333…/day;
///                                   interest 40000 × 0.0435 / 360 = 4.8333…/day.
///   C 恒兴村镇银行, 王小明 in 350982101: 30,000 at 2.50%: the 3.00% is capped at the line's rate, so
///                                   subsidy = interest = 30000 × 0.025 / 360 = 2.0833…/day.
/// Settlement 20 January covers 5–20 January, 16 days:
///   A interest 154.666… → 154.67, subsidy 66.666… → 66.67, borrower billed 154.67 − 66.67 = 88.00;
///   B interest  77.333… →  77.33, subsidy 53.333… → 53.33, borrower billed  77.33 − 53.33 = 24.00;
///   C interest  33.333… →  33.33, subsidy 33.33,            borrower billed 0.00 (earned at once).
/// A pays on 21 January (earned); B does not (overdue at the 21st's close: forfeited).
/// </summary>
public abstract class SubsidyLifecycleApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task LenderClaims_AccrueBillEarnClaimRejectApprovePay_AndForfeitALatePeriod()
    {
        var op = factory.Operator();
        var (department, departmentId) = await op.CreateOrgDepartmentAsync(factory);
        var (otherDepartment, _) = await op.CreateOrgDepartmentAsync(factory, "中共霞浦县委组织部", "350921");
        var (coop1, coop1Id) = await op.CreateCooperativeAsync(factory);
        var (coop2, coop2Id) = await op.CreateCooperativeAsync(factory, "福鼎恒兴村镇银行");
        var (outsider, _) = await op.CreateCooperativeAsync(factory, "霞浦县农村信用合作联社");

        var created = (await department.PostAsync("/api/v1/subsidy-programs",
            ProgramBody([coop1Id, coop2Id], principalCap: 50_000m))).Expect(HttpStatusCode.Created);
        var programId = created["id"]!.GetValue<Guid>();
        await AcceptForAllAsync(department.Http, programId, [coop1Id, coop2Id]);
        Assert.Equal(departmentId, created["orgDepartmentId"]!.GetValue<Guid>());
        Assert.Equal(50_000.00m, created.Money("principalCap"));
        Assert.Equal("FixedRate", created["rateRule"]!["kind"]!.GetValue<string>());
        Assert.Equal(0.03m, created["rateRule"]!.Money("value"));
        Assert.Equal("LenderClaims", created["mode"]!.GetValue<string>());
        Assert.True(created["forfeitOnLatePayment"]!.GetValue<bool>());
        Assert.False(created["coversExtendedLines"]!.GetValue<bool>());
        Assert.Equal(0.00m, created.Money("used"));
        Assert.Equal(3_000_000.00m, created.Money("remaining"));

        var a = await coop1.OpenSubsidizedLineAsync(programId, "张三丰", "350982101");
        var b = await coop1.OpenSubsidizedLineAsync(programId, "李秀英", "350982102", limit: 50_000m);
        var c = await coop2.OpenSubsidizedLineAsync(programId, "王小明", "350982101", limit: 50_000m, annualRate: 0.025m);
        var (aId, bId, cId) = (a["id"]!.GetValue<Guid>(), b["id"]!.GetValue<Guid>(), c["id"]!.GetValue<Guid>());
        Assert.Equal(programId, a["subsidy"]!["programId"]!.GetValue<Guid>());
        Assert.Equal("LenderClaims", a["subsidy"]!["mode"]!.GetValue<string>());
        Assert.Equal(0.03m, a["subsidy"]!.Money("annualRate"));
        Assert.Equal(50_000.00m, a["subsidy"]!.Money("principalCap"));
        Assert.Equal(0.025m, c["subsidy"]!.Money("annualRate"));
        (await coop1.PostAsync($"/api/v1/credit-lines/{aId}/draws", new { amount = 80_000m })).Expect(HttpStatusCode.Created);
        (await coop1.PostAsync($"/api/v1/credit-lines/{bId}/draws", new { amount = 40_000m })).Expect(HttpStatusCode.Created);
        (await coop2.PostAsync($"/api/v1/credit-lines/{cId}/draws", new { amount = 30_000m })).Expect(HttpStatusCode.Created);

        // ── 5–19 January closed, 15 days ──
        await op.CloseThroughAsync("2026-01-19");
        // A: subsidy 15 × 4.1666… = 62.50; interest 15 × 9.6666… = 145.00, the borrower's part 145.00 − 62.50 = 82.50.
        var lineA = await GetLineAsync(coop1, aId);
        Assert.Equal(62.50m, lineA["subsidy"]!.Money("accrued"));
        Assert.Equal(0.00m, lineA["subsidy"]!.Money("billedNotEarned"));
        Assert.Equal(82.50m, lineA.Money("accruedInterest"));
        // B: subsidy 15 × 3.3333… = 50.00; interest 15 × 4.8333… = 72.50 → 22.50.
        var lineB = await GetLineAsync(coop1, bId);
        Assert.Equal(50.00m, lineB["subsidy"]!.Money("accrued"));
        Assert.Equal(22.50m, lineB.Money("accruedInterest"));
        // C: 15 × 2.0833… = 31.25, all of the interest.
        var lineC = await GetLineAsync(coop2, cId);
        Assert.Equal(31.25m, lineC["subsidy"]!.Money("accrued"));
        Assert.Equal(0.00m, lineC.Money("accruedInterest"));

        // 62.50 + 50.00 + 31.25 = 143.75 accrued; 3,000,000.00 − 143.75 = 2,999,856.25 left.
        var on20th = await department.LiabilitiesAsync(programId);
        Assert.Equal("2026-01-20", on20th["asOf"]!.GetValue<string>());
        AssertBuckets(on20th["totals"]!, accruedUnbilled: 143.75m);
        Assert.Equal(2_999_856.25m, on20th.Money("remainingBudget"));
        // Forecast from 20 January through 31 December (the programme ends before the lines mature), 346 days:
        // (50000 × 0.03 + 40000 × 0.03 + 30000 × 0.025) / 360 × 346 = 3450 / 360 × 346 = 3315.8333… → 3315.83;
        // at the end 143.75 + 3315.8333… = 3459.5833… → 3459.58.
        Assert.Equal("2026-01-20", on20th["forecast"]!["from"]!.GetValue<string>());
        Assert.Equal("2026-12-31", on20th["forecast"]!["to"]!.GetValue<string>());
        Assert.Equal(3_315.83m, on20th["forecast"]!.Money("additional"));
        Assert.Equal(3_459.58m, on20th["forecast"]!.Money("totalAtEnd"));

        // ── 20 January closed: settlement ──
        await op.CloseThroughAsync("2026-01-20");
        lineA = await GetLineAsync(coop1, aId);
        Assert.Equal(88.00m, lineA.Money("billedInterest"));
        Assert.Equal(0.00m, lineA.Money("accruedInterest"));
        Assert.Equal(0.00m, lineA["subsidy"]!.Money("accrued"));
        Assert.Equal(66.67m, lineA["subsidy"]!.Money("billedNotEarned"));
        lineB = await GetLineAsync(coop1, bId);
        Assert.Equal(24.00m, lineB.Money("billedInterest"));
        Assert.Equal(53.33m, lineB["subsidy"]!.Money("billedNotEarned"));
        lineC = await GetLineAsync(coop2, cId);
        Assert.Equal(0.00m, lineC.Money("billedInterest"));
        Assert.Equal(0.00m, lineC["subsidy"]!.Money("billedNotEarned"));

        // Billed not earned 66.67 + 53.33 = 120.00; C's 33.33 earned at once; used 153.33; left 2,999,846.67.
        var on21st = await department.LiabilitiesAsync(programId);
        AssertBuckets(on21st["totals"]!, billedNotEarned: 120.00m, earnedNotClaimed: 33.33m);
        Assert.Equal(2_999_846.67m, on21st.Money("remainingBudget"));
        var byCooperative = on21st["byCooperative"]!.AsArray();
        Assert.Equal(2, byCooperative.Count);
        var ofCoop1 = Assert.Single(byCooperative, x => x!["cooperativeId"]!.GetValue<Guid>() == coop1Id)!;
        Assert.Equal("福鼎市农村信用合作联社", ofCoop1["name"]!.GetValue<string>());
        Assert.Equal(2, ofCoop1["lines"]!.GetValue<int>());
        AssertBuckets(ofCoop1["liabilities"]!, billedNotEarned: 120.00m);
        var ofCoop2 = Assert.Single(byCooperative, x => x!["cooperativeId"]!.GetValue<Guid>() == coop2Id)!;
        AssertBuckets(ofCoop2["liabilities"]!, earnedNotClaimed: 33.33m);
        var townships = on21st["byTownship"]!.AsArray();
        Assert.Equal(["350982101", "350982102"], townships.Select(t => t!["township"]!.GetValue<string>()));
        Assert.Equal(2, townships[0]!["lines"]!.GetValue<int>());
        AssertBuckets(townships[0]!["liabilities"]!, billedNotEarned: 66.67m, earnedNotClaimed: 33.33m);
        AssertBuckets(townships[1]!["liabilities"]!, billedNotEarned: 53.33m);
        Assert.Equal(3, on21st["byLine"]!.AsArray().Count);
        var aRow = on21st.Line(aId);
        Assert.Equal("张**", aRow["borrowerName"]!.GetValue<string>());
        Assert.Equal("350982101", aRow["township"]!.GetValue<string>());
        Assert.Equal(80_000.00m, aRow.Money("principal"));
        Assert.Equal(0.03m, aRow.Money("subsidyRate"));
        AssertBuckets(aRow["liabilities"]!, billedNotEarned: 66.67m);

        // A cooperative sees its own lines only; a cooperative not taking part and another department see nothing.
        var coop1View = await coop1.LiabilitiesAsync(programId);
        AssertBuckets(coop1View["totals"]!, billedNotEarned: 120.00m);
        Assert.Equal(new[] { aId, bId }.Order(), coop1View["byLine"]!.AsArray().Select(l => l!["lineId"]!.GetValue<Guid>()).Order());
        Assert.Equal(coop1Id, Assert.Single(coop1View["byCooperative"]!.AsArray())!["cooperativeId"]!.GetValue<Guid>());
        var coop2View = await coop2.LiabilitiesAsync(programId);
        AssertBuckets(coop2View["totals"]!, earnedNotClaimed: 33.33m);
        Assert.Equal(cId, Assert.Single(coop2View["byLine"]!.AsArray())!["lineId"]!.GetValue<Guid>());
        (await outsider.GetAsync($"/api/v1/subsidy-programs/{programId}/liabilities"))
            .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");
        (await otherDepartment.GetAsync($"/api/v1/subsidy-programs/{programId}/liabilities"))
            .ExpectProblem(HttpStatusCode.NotFound, "subsidy_program.not_found");

        // Nothing earned yet for 福鼎农信 (A's bill is unpaid); a claim must end before today; departments do not claim.
        var january = new { periodStart = "2026-01-01", periodEnd = "2026-01-20" };
        (await coop1.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", january))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.nothing_to_claim");
        (await coop1.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { periodStart = "2026-01-01", periodEnd = "2026-01-21" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "claim.period_invalid");
        (await department.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", january))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");

        // A pays its 88.00 on the due date: the 66.67 is earned.
        var paid = (await coop1.PostAsync($"/api/v1/credit-lines/{aId}/repayments", new { amount = 88.00m })).Expect(HttpStatusCode.Created);
        Assert.Equal(88.00m, paid["allocation"]!.Money("interest"));
        Assert.Equal(0.00m, paid["line"]!["subsidy"]!.Money("billedNotEarned"));
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!, billedNotEarned: 53.33m, earnedNotClaimed: 100.00m);

        // ── Claim 1: A's period, 16 days on 50,000.00 at 3.00% = 66.67 ──
        var claim1 = (await coop1.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", january)).Expect(HttpStatusCode.Created);
        var claim1Id = claim1["id"]!.GetValue<Guid>();
        Assert.Equal("Submitted", claim1["state"]!.GetValue<string>());
        Assert.Equal("LenderClaims", claim1["mode"]!.GetValue<string>());
        Assert.Equal(coop1Id, claim1["cooperativeId"]!.GetValue<Guid>());
        Assert.Equal("2026-01-21", claim1["submittedOn"]!.GetValue<string>());
        Assert.Equal(66.67m, claim1.Money("total"));
        Assert.Equal(1, claim1["itemCount"]!.GetValue<int>());
        Assert.Null(claim1["refunds"]);
        var item = Assert.Single(claim1["items"]!.AsArray())!;
        Assert.Equal(1, item["no"]!.GetValue<int>());
        Assert.Equal(aId, item["lineId"]!.GetValue<Guid>());
        Assert.Equal("张**", item["borrowerName"]!.GetValue<string>());
        Assert.Matches(@"^350982\*{8}\d{3}[\dX]$", item["residentId"]!.GetValue<string>());
        Assert.Equal("350982101", item["township"]!.GetValue<string>());
        Assert.Equal("2026-01-05", item["periodStart"]!.GetValue<string>());
        Assert.Equal("2026-01-20", item["periodEnd"]!.GetValue<string>());
        Assert.Equal(16, item["days"]!.GetValue<int>());
        Assert.Equal(50_000.00m, item.Money("principal"));
        Assert.Equal(0.03m, item.Money("annualRate"));
        Assert.Equal(66.67m, item.Money("amount"));
        (await coop1.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", january))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.nothing_to_claim");
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!,
            billedNotEarned: 53.33m, earnedNotClaimed: 33.33m, claimedNotPaid: 66.67m);

        // Who may see and decide it.
        Assert.Single((await department.GetAsync($"/api/v1/subsidy-programs/{programId}/claims")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        Assert.Empty((await coop2.GetAsync($"/api/v1/subsidy-programs/{programId}/claims")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        (await coop2.GetAsync($"/api/v1/subsidy-claims/{claim1Id}")).ExpectProblem(HttpStatusCode.NotFound, "subsidy_claim.not_found");
        (await otherDepartment.GetAsync($"/api/v1/subsidy-claims/{claim1Id}")).ExpectProblem(HttpStatusCode.NotFound, "subsidy_claim.not_found");
        (await coop1.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/approve")).ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
        (await otherDepartment.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/approve"))
            .ExpectProblem(HttpStatusCode.NotFound, "subsidy_claim.not_found");
        (await department.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/mark-paid"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.not_approved");

        // ── 21 January closed: B's 24.00 unpaid on its due date ──
        await op.CloseThroughAsync("2026-01-21");
        // Forfeited: B owes the full interest overdue, 24.00 + 53.33 = 77.33; its subsidy goes back to the budget.
        // B still had nothing overdue when the 21st's interest accrued, so that day's 3.3333… subsidy stands:
        // interest 4.8333… − 3.3333… = 1.50 for the borrower.
        lineB = await GetLineAsync(coop1, bId);
        Assert.Equal(77.33m, lineB.Money("overdueInterest"));
        Assert.Equal(0.00m, lineB.Money("billedInterest"));
        Assert.Equal(1.50m, lineB.Money("accruedInterest"));
        Assert.Equal(1, lineB["daysPastDue"]!.GetValue<int>());
        Assert.Equal(0.00m, lineB["subsidy"]!.Money("billedNotEarned"));
        Assert.Equal(3.33m, lineB["subsidy"]!.Money("accrued"));
        var journalB = (await coop1.GetAsync($"/api/v1/credit-lines/{bId}/transactions")).Expect(HttpStatusCode.OK);
        var forfeitEntry = Assert.Single(journalB["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "SubsidyForfeited")!;
        Assert.Equal(53.33m, forfeitEntry.Money("amount"));
        Assert.Equal("2026-01-21", forfeitEntry["businessDate"]!.GetValue<string>());

        // Accrued on the 21st: 4.1666… + 3.3333… + 2.0833… = 9.5833… → 9.58; used 9.5833… + 33.33 + 66.67 = 109.5833…
        // → 109.58; left 3,000,000 − 109.5833… = 2,999,890.4166… → 2,999,890.42.
        var on22nd = await department.LiabilitiesAsync(programId);
        AssertBuckets(on22nd["totals"]!, accruedUnbilled: 9.58m, earnedNotClaimed: 33.33m, claimedNotPaid: 66.67m,
            forfeited: 53.33m, used: 109.58m);
        Assert.Equal(2_999_890.42m, on22nd.Money("remainingBudget"));
        AssertBuckets(on22nd.Line(bId)["liabilities"]!, accruedUnbilled: 3.33m, forfeited: 53.33m);

        // ── Claim 1 rejected: A's 66.67 is earned, not claimed, and can be claimed again ──
        var rejected = (await department.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/reject", new { reason = "材料不全，请补充" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected["state"]!.GetValue<string>());
        Assert.Equal("材料不全，请补充", rejected["reason"]!.GetValue<string>());
        Assert.Equal("2026-01-22", rejected["decidedOn"]!.GetValue<string>());
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!, accruedUnbilled: 9.58m,
            earnedNotClaimed: 100.00m, forfeited: 53.33m, used: 109.58m);
        (await department.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/approve"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.not_submitted");
        (await department.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/reject", new { }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.not_submitted");
        (await department.PostAsync($"/api/v1/subsidy-claims/{claim1Id}/mark-paid"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.not_approved");

        // Without dates the claim is for the last whole quarter (Q4 2025): nothing was billed then.
        (await coop1.PostAsync($"/api/v1/subsidy-programs/{programId}/claims", new { }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.nothing_to_claim");
        var claim2 = (await coop1.PostAsync($"/api/v1/subsidy-programs/{programId}/claims",
            new { periodStart = "2026-01-01", periodEnd = "2026-01-21" })).Expect(HttpStatusCode.Created);
        var claim2Id = claim2["id"]!.GetValue<Guid>();
        Assert.Equal(66.67m, claim2.Money("total"));
        Assert.Equal(aId, Assert.Single(claim2["items"]!.AsArray())!["lineId"]!.GetValue<Guid>());
        var approved = (await department.PostAsync($"/api/v1/subsidy-claims/{claim2Id}/approve")).Expect(HttpStatusCode.OK);
        Assert.Equal("Approved", approved["state"]!.GetValue<string>());
        Assert.Equal("2026-01-22", approved["decidedOn"]!.GetValue<string>());
        // Approved is still claimed and not paid.
        AssertBuckets((await department.LiabilitiesAsync(programId))["totals"]!, accruedUnbilled: 9.58m,
            earnedNotClaimed: 33.33m, claimedNotPaid: 66.67m, forfeited: 53.33m, used: 109.58m);

        // ── 22 January closed; claim 2 paid on the 23rd ──
        await op.CloseThroughAsync("2026-01-22");
        var markedPaid = (await department.PostAsync($"/api/v1/subsidy-claims/{claim2Id}/mark-paid")).Expect(HttpStatusCode.OK);
        Assert.Equal("Paid", markedPaid["state"]!.GetValue<string>());
        Assert.Equal("2026-01-23", markedPaid["paidOn"]!.GetValue<string>());
        (await department.PostAsync($"/api/v1/subsidy-claims/{claim2Id}/mark-paid"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "claim.not_approved");

        // Accrued since the 20th: A 2 × 4.1666… = 8.3333…, B only the 21st 3.3333… (overdue since), C 2 × 2.0833… =
        // 4.1666…; 15.8333… → 15.83. Used 15.8333… + 33.33 + 66.67 = 115.8333… → 115.83; left 2,999,884.17.
        var on23rd = await department.LiabilitiesAsync(programId);
        AssertBuckets(on23rd["totals"]!, accruedUnbilled: 15.83m, earnedNotClaimed: 33.33m, paid: 66.67m,
            forfeited: 53.33m, used: 115.83m);
        Assert.Equal(2_999_884.17m, on23rd.Money("remainingBudget"));
        var program = (await department.GetAsync($"/api/v1/subsidy-programs/{programId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(115.83m, program.Money("used"));
        Assert.Equal(2_999_884.17m, program.Money("remaining"));

        // ── History: asOf an earlier date is what the report said then (the report at the start of day D is
        // the state at the end of D − 1) ──
        Assert.Equal(StateAt(on20th), StateAt(await department.LiabilitiesAsync(programId, "2026-01-19")));
        Assert.Equal(StateAt(on21st), StateAt(await department.LiabilitiesAsync(programId, "2026-01-20")));
        Assert.Equal(StateAt(on22nd), StateAt(await department.LiabilitiesAsync(programId, "2026-01-21")));
        var endOf22nd = await department.LiabilitiesAsync(programId, "2026-01-22");
        AssertBuckets(endOf22nd["totals"]!, accruedUnbilled: 15.83m, earnedNotClaimed: 33.33m, claimedNotPaid: 66.67m,
            forfeited: 53.33m, used: 115.83m);
        // Inside the lines' quiet days: from the 6th to the 16th nothing happened to them (the 17th sends the
        // interest reminder), so no close touched them and their journals have no entry of those days; the
        // report works the days out from the last event.
        // The end of the 9th is 5–9 January, 5 days: A 20.8333…, B 16.6666…, C 10.4166…; 47.9166… → 47.92.
        foreach (var (client, id) in new[] { (coop1, aId), (coop1, bId), (coop2, cId) })
        {
            var journal = (await client.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
            Assert.DoesNotContain(journal, e => string.CompareOrdinal(e!["businessDate"]!.GetValue<string>(), "2026-01-06") >= 0
                                                && string.CompareOrdinal(e["businessDate"]!.GetValue<string>(), "2026-01-16") <= 0);
        }
        var endOf9th = await department.LiabilitiesAsync(programId, "2026-01-09");
        AssertBuckets(endOf9th["totals"]!, accruedUnbilled: 47.92m);
        AssertBuckets(endOf9th.Line(aId)["liabilities"]!, accruedUnbilled: 20.83m);
        AssertBuckets(endOf9th.Line(bId)["liabilities"]!, accruedUnbilled: 16.67m);
        AssertBuckets(endOf9th.Line(cId)["liabilities"]!, accruedUnbilled: 10.42m);
        Assert.Equal(2_999_952.08m, endOf9th.Money("remainingBudget"));
        var beforeAnything = await department.LiabilitiesAsync(programId, "2026-01-04");
        AssertBuckets(beforeAnything["totals"]!);
        Assert.Equal(3_000_000.00m, beforeAnything.Money("remainingBudget"));
        (await department.GetAsync($"/api/v1/subsidy-programs/{programId}/liabilities?asOf=2026-01-24"))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy.as_of_after_business_date");
        (await department.GetAsync($"/api/v1/subsidy-programs/{programId}/liabilities?asOf=2026-02-30"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");

        // Monthly accrual by township: 350982101 = A 18 × 4.1666… + C 18 × 2.0833… = 75.00 + 37.50 = 112.50
        // (5–22 January); 350982102 = B 17 × 3.3333… = 56.6666… → 56.67 (5–21 January).
        var monthly = (await department.GetAsync($"/api/v1/subsidy-programs/{programId}/monthly")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Equal(2, monthly.Count);
        Assert.Equal(("2026-01", "350982101", 112.50m), (monthly[0]!["month"]!.GetValue<string>(), monthly[0]!["township"]!.GetValue<string>(), monthly[0]!.Money("amount")));
        Assert.Equal(("2026-01", "350982102", 56.67m), (monthly[1]!["month"]!.GetValue<string>(), monthly[1]!["township"]!.GetValue<string>(), monthly[1]!.Money("amount")));
        var coop2Monthly = Assert.Single((await coop2.GetAsync($"/api/v1/subsidy-programs/{programId}/monthly")).Expect(HttpStatusCode.OK)["items"]!.AsArray())!;
        Assert.Equal(37.50m, coop2Monthly.Money("amount"));

        // ── The paid claim as CSV for Excel ──
        var json = (await coop1.GetAsync($"/api/v1/subsidy-claims/{claim2Id}")).Expect(HttpStatusCode.OK);
        var (status, contentType, bytes) = await coop1.GetBytesAsync($"/api/v1/subsidy-claims/{claim2Id}", "text/csv");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/csv", contentType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.DoesNotMatch("(?<!\r)\n", text);
        var rows = text.Split("\r\n");
        Assert.Equal("", rows[^1]);
        Assert.Equal("贴息申报表,福鼎市2026年党员先锋贷贴息", rows[0]);
        Assert.Contains("状态,已拨付", rows);
        var header = Array.IndexOf(rows, "序号,借款人,身份证号,乡镇区划,授信编号,贴息起日,贴息止日,贴息天数,日均本金(元),贴息年利率,贴息金额(元)");
        Assert.True(header > 0, text);
        var cells = rows[header + 1].Split(',');
        Assert.Equal(["1", "张**"], cells[..2]);
        Assert.Equal(item["residentId"]!.GetValue<string>(), cells[2]);
        Assert.Equal(["350982101", aId.ToString(), "2026-01-05", "2026-01-20", "16", "50000.00", "3.0000%", "66.67"], cells[3..]);
        var total = rows[header + 2].Split(',');
        Assert.Equal("合计", total[0]);
        Assert.Equal(json.Money("total"), decimal.Parse(total[^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, (await department.GetBytesAsync($"/api/v1/subsidy-claims/{claim2Id}", "text/csv")).Status);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> GetLineAsync(ApiClient coop, Guid id) =>
        (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
}

public sealed class SubsidyLifecycleApiTestsOnSqlite(SqliteApiFactory factory) : SubsidyLifecycleApiTests<SqliteApiFactory>(factory);

public sealed class SubsidyLifecycleApiTestsOnPostgres(PostgresApiFactory factory)
    : SubsidyLifecycleApiTests<PostgresApiFactory>(factory), IPostgresTests;
