using System.Net;
using LoanService.Api.Tests.Support;
using LoanService.Client;

namespace LoanService.Api.Tests.GeneratedClient;

/// <summary>
/// The README's curl walk-through, subsidy part included, driven by the client generated from the
/// committed document (<c>LoanService.Client</c>): no hand-written request or response types. The
/// service starts on Monday 5 January 2026 like the README's <c>FirstBusinessDate</c>.
/// </summary>
public class ReadmeWalkthroughTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private LoanServiceClient As(string apiKey)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new LoanServiceClient(http);
    }

    [Fact]
    public async Task Walkthrough_WithTheGeneratedClient_PostsBillsRepaysAndClaimsToTheFen()
    {
        var op = As(ApiFactory.OperatorKey);
        var cooperative = await op.CreateCooperativeAsync(new CreateCooperativeRequest { Name = "福鼎市农村信用合作联社", Signature = "福鼎农信" });
        var coop = As(cooperative.ApiKey);

        var borrower = await coop.RegisterBorrowerAsync(new RegisterBorrowerRequest
        {
            Name = "张三", ResidentId = "11010519491231002X", Mobile = "+8613812345678", RegionCode = "350982101",
            PartyBranch = "第一党支部", InDifficulty = true, RegisteredPoor = false, SmsOptOut = false,
        });
        Assert.Equal("张*", borrower.Name);
        Assert.Equal("138****5678", borrower.Mobile);
        var line = await coop.OpenCreditLineAsync(new OpenLineRequest
            { BorrowerId = borrower.Id, Limit = 100_000m, AnnualRate = 0.0435m, TermMonths = 12 });
        Assert.Null(line.Subsidy);

        // Draw 100,000 twice under one key: the second answer is the first, posted once.
        var draw = await coop.DrawAsync(line.Id, new DrawRequest { Amount = 100_000m }, "draw-0001");
        var again = await coop.DrawAsync(line.Id, new DrawRequest { Amount = 100_000m }, "draw-0001");
        Assert.Equal(draw.TransactionId, again.TransactionId);
        Assert.Equal(100_000.00m, draw.Line.Principal);
        Assert.Equal(new DateOnly(2026, 1, 5), draw.BusinessDate);

        // Through the 20th: 16 days (5–20 January) × 100000 × 4.35% / 360 = 193.333… → 193.33 billed.
        var closed = await op.CloseBusinessDayAsync(new CloseBusinessDayRequest { Through = new DateOnly(2026, 1, 20) });
        Assert.Equal(new DateOnly(2026, 1, 21), closed.BusinessDate);
        Assert.Equal(16, closed.Closed.Count);
        var billed = await coop.GetCreditLineAsync(line.Id);
        Assert.Equal(193.33m, billed.BilledInterest);
        Assert.Equal(100_193.33m, billed.PayoffAmount);

        // Repay 1,000: the bill first (193.33), then principal (1000 − 193.33 = 806.67).
        var repayment = await coop.RepayAsync(line.Id, new RepaymentRequest { Amount = 1_000m }, "repay-0001");
        Assert.Equal(193.33m, repayment.Allocation.Interest);
        Assert.Equal(806.67m, repayment.Allocation.Principal);
        Assert.Equal(0m, repayment.Allocation.PenaltyInterest + repayment.Allocation.OverdueInterest + repayment.Allocation.OverduePrincipal);
        Assert.Equal(99_193.33m, repayment.Line.Principal); // 100000 − 806.67

        var quote = await coop.GetPayoffQuoteAsync(line.Id);
        Assert.Equal(99_193.33m, quote.Amount); // 21 January: nothing accrued yet on the open day
        var journal = await coop.ListTransactionsAsync(line.Id);
        Assert.Single(journal.Items, e => e.Kind == JournalEntryKind.Draw);
        Assert.Single(journal.Items, e => e.Kind == JournalEntryKind.Repayment);
        Assert.Null(journal.NextCursor);

        // Its classification history: nothing went overdue, so no change; 正常 on 10 January.
        var history = await coop.ListClassificationChangesAsync(line.Id);
        Assert.Empty(history.Items);
        var onTenth = await coop.GetClassificationOnAsync(line.Id, new DateOnly(2026, 1, 10));
        Assert.Equal(Classification.Normal, onTenth.Classification);
        Assert.Equal(new DateOnly(2026, 1, 10), onTenth.On);

        // The cooperative's daily 计提: 100000 × 4.35% / 360 = 12.0833… each day from the 5th to the 20th.
        var accruals = await coop.ListDailyAccrualsAsync(new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 20));
        Assert.Equal(16, accruals.Items.Count);
        Assert.All(accruals.Items, a => Assert.Equal(12.0833333333333333m, a.InterestExact));
        Assert.All(accruals.Items, a => Assert.Equal(12.08m, a.Interest));

        // A refusal is a typed problem with its stable code.
        var refused = await Assert.ThrowsAsync<LoanServiceApiException<Problem>>(() =>
            coop.DrawAsync(line.Id, new DrawRequest { Amount = 200_000m }));
        Assert.Equal(422, refused.StatusCode);
        Assert.Equal("draw.exceeds_available", refused.Result.Code);
        Assert.Equal("urn:loanservice:problem:draw.exceeds_available", refused.Result.Type);

        // Subsidies: the department funds a programme; a second line is enrolled and drawn 50,000 on 21 January.
        var department = await op.CreateOrgDepartmentAsync(new CreateOrgDepartmentRequest { Name = "中共福鼎市委组织部", RegionCode = "350982" });
        var dept = As(department.ApiKey);
        var program = await dept.CreateSubsidyProgramAsync(new CreateSubsidyProgramRequest
        {
            Name = "党员先锋贷贴息", Funder = "中共福鼎市委组织部", RegionCode = "350982", CooperativeIds = [cooperative.Id],
            StartDate = new DateOnly(2026, 1, 1), EndDate = new DateOnly(2026, 12, 31), Budget = 3_000_000m,
            RateRule = new RateRuleDto { Kind = SubsidyRateRuleKind.FixedRate, Value = 0.03m }, Mode = SubsidyMode.LenderClaims,
        });
        // The cooperative accepts taking part; until then the programme shows it Pending.
        Assert.Equal(ParticipationState.Pending, Assert.Single(program.Participation).State);
        var accepted = await coop.AcceptSubsidyProgramAsync(program.Id);
        Assert.Equal(ParticipationState.Accepted, Assert.Single(accepted.Participation).State);
        var line2 = await coop.OpenCreditLineAsync(new OpenLineRequest
            { BorrowerId = borrower.Id, Limit = 50_000m, AnnualRate = 0.0435m, TermMonths = 12, SubsidyProgramId = program.Id });
        var draw2 = await coop.DrawAsync(line2.Id, new DrawRequest { Amount = 50_000m });
        Assert.Equal(program.Id, draw2.Line.Subsidy!.ProgramId);
        Assert.Equal(0.03m, draw2.Line.Subsidy.AnnualRate);

        // Through 20 February, 31 days: interest 50000 × 4.35% × 31 / 360 = 187.29, subsidy 50000 × 3% × 31 / 360
        // = 129.17; the borrower is billed the difference, 187.29 − 129.17 = 58.12.
        await op.CloseBusinessDayAsync(new CloseBusinessDayRequest { Through = new DateOnly(2026, 2, 20) });
        var netBilled = await coop.GetCreditLineAsync(line2.Id);
        Assert.Equal(58.12m, netBilled.BilledInterest);
        Assert.Equal(129.17m, netBilled.Subsidy!.BilledNotEarned);
        var paid = await coop.RepayAsync(line2.Id, new RepaymentRequest { Amount = 58.12m });
        Assert.Equal(58.12m, paid.Allocation.Interest);
        Assert.Equal(0m, paid.Allocation.Principal);

        // Paid by the due date: the 129.17 is earned, and the budget has used that much.
        var liabilities = await dept.GetSubsidyLiabilitiesAsync(program.Id);
        Assert.Equal(129.17m, liabilities.Totals.EarnedNotClaimed);
        Assert.Equal(3_000_000m - 129.17m, liabilities.RemainingBudget);

        var claim = await coop.CreateSubsidyClaimAsync(program.Id,
            new CreateClaimRequest { PeriodStart = new DateOnly(2026, 2, 1), PeriodEnd = new DateOnly(2026, 2, 20) });
        Assert.Equal(129.17m, claim.Total);
        Assert.Equal(SubsidyClaimState.Submitted, claim.State);
        Assert.Equal(SubsidyClaimState.Approved, (await dept.ApproveSubsidyClaimAsync(claim.Id)).State);
        var settled = await dept.MarkSubsidyClaimPaidAsync(claim.Id);
        Assert.Equal(SubsidyClaimState.Paid, settled.State);
        Assert.Equal(129.17m, settled.Total);

        // The claim as CSV for Excel, as the document's text/csv answer: UTF-8 with a BOM.
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/subsidy-claims/{claim.Id}");
        csvRequest.Headers.Add("X-Api-Key", department.ApiKey);
        csvRequest.Headers.Add("Accept", "text/csv");
        using var csv = await factory.CreateClient().SendAsync(csvRequest);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("129.17", System.Text.Encoding.UTF8.GetString(bytes));
    }
}
