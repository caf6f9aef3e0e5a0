using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>A claim's lifecycle: Submitted → Approved → Paid, or Submitted → Rejected, and nothing else.</summary>
public class SubsidyClaimTests
{
    private static readonly LocalDate Submitted = new(2026, 4, 2);
    private static readonly Instant Now = Instant.FromUtc(2026, 4, 2, 2, 0);

    private static SubsidyClaimItem Item(decimal amount) => new()
    {
        PeriodId = Guid.NewGuid(), LineId = Guid.NewGuid(), BorrowerId = Guid.NewGuid(), BorrowerName = "张*",
        ResidentId = "350982********1234", Township = "350982101", PeriodStart = new LocalDate(2026, 1, 5),
        PeriodEnd = new LocalDate(2026, 1, 20), Days = 16, AveragePrincipal = new Money(50_000m), AnnualRate = 0.03m,
        Amount = new Money(amount),
    };

    private static SubsidyClaim Claim() => SubsidyClaim.Submit(Guid.NewGuid(), Programs.Create(Programs.FixedRate(0.03m)),
        Guid.NewGuid(), new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 31), [Item(66.67m), Item(53.33m)], Submitted, Now);

    [Fact]
    public void Submit_TwoItems_NumbersThemAndTotalsTheirAmounts()
    {
        var claim = Claim();
        Assert.Equal(SubsidyClaimState.Submitted, claim.State);
        Assert.Equal((2, new Money(120.00m)), (claim.ItemCount, claim.Total)); // 66.67 + 53.33
        Assert.Equal(new[] { 1, 2 }, claim.Items.Select(i => i.ItemNo));
        Assert.All(claim.Items, i => Assert.Equal(claim.Id, i.ClaimId));
        Assert.Equal((Submitted, Now), (claim.SubmittedOn, claim.SubmittedAt));
    }

    [Fact]
    public void Submit_NothingToClaim_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => SubsidyClaim.Submit(Guid.NewGuid(),
            Programs.Create(Programs.FixedRate(0.03m)), Guid.NewGuid(), new LocalDate(2026, 1, 1),
            new LocalDate(2026, 3, 31), [], Submitted, Now));
        Assert.Equal(ErrorCodes.ClaimNothingToClaim, refused.Code);
    }

    [Fact]
    public void ApproveThenMarkPaid_RecordsTheDatesOfEach()
    {
        var claim = Claim();
        claim.Approve(new LocalDate(2026, 4, 10), Now.Plus(Duration.FromDays(8)));
        claim.MarkPaid(new LocalDate(2026, 4, 20), Now.Plus(Duration.FromDays(18)));
        Assert.Equal(SubsidyClaimState.Paid, claim.State);
        Assert.Equal((new LocalDate(2026, 4, 10), new LocalDate(2026, 4, 20)), (claim.DecidedOn, claim.PaidOn));
    }

    [Fact]
    public void Reject_WithAReason_KeepsItTrimmedAndAnEmptyOneAsNone()
    {
        var claim = Claim();
        claim.Reject("  材料不全，请补充 ", new LocalDate(2026, 4, 10), Now);
        Assert.Equal((SubsidyClaimState.Rejected, "材料不全，请补充"), (claim.State, claim.Reason));

        var other = Claim();
        other.Reject("   ", new LocalDate(2026, 4, 10), Now);
        Assert.Null(other.Reason);
    }

    [Theory]
    [InlineData("approve", "Approved", ErrorCodes.ClaimNotSubmitted)]   // approving twice
    [InlineData("reject", "Approved", ErrorCodes.ClaimNotSubmitted)]    // rejecting an approved claim
    [InlineData("approve", "Rejected", ErrorCodes.ClaimNotSubmitted)]   // approving a rejected claim
    [InlineData("pay", "Submitted", ErrorCodes.ClaimNotApproved)]       // paying before approval
    [InlineData("pay", "Rejected", ErrorCodes.ClaimNotApproved)]        // paying a rejected claim
    [InlineData("pay", "Paid", ErrorCodes.ClaimNotApproved)]            // paying twice
    public void Decision_InAStateThatDoesNotAllowIt_IsRefusedAndChangesNothing(string decision, string state, string code)
    {
        var claim = Claim();
        var day = new LocalDate(2026, 4, 10);
        if (state is "Approved" or "Paid") claim.Approve(day, Now);
        if (state == "Paid") claim.MarkPaid(day, Now);
        if (state == "Rejected") claim.Reject("退回", day, Now);
        var before = (claim.State, claim.DecidedOn, claim.PaidOn, claim.Reason);

        var refused = Assert.Throws<DomainException>(() =>
        {
            switch (decision)
            {
                case "approve": claim.Approve(day.PlusDays(1), Now); break;
                case "reject": claim.Reject("再退回", day.PlusDays(1), Now); break;
                default: claim.MarkPaid(day.PlusDays(1), Now); break;
            }
        });
        Assert.Equal(code, refused.Code);
        Assert.Equal(before, (claim.State, claim.DecidedOn, claim.PaidOn, claim.Reason));
    }

    [Theory]
    [InlineData(501)]
    [InlineData(-1)] // a control character
    public void Reject_ReasonTooLongOrWithControlCharacters_IsRefusedAsInvalid(int length)
    {
        var claim = Claim();
        var reason = length < 0 ? "材料\u0007不全" : new string('缺', length);
        var refused = Assert.Throws<DomainException>(() => claim.Reject(reason, new LocalDate(2026, 4, 10), Now));
        Assert.Equal((ErrorCodes.RequestInvalid, RefusalKind.Invalid, "reason"), (refused.Code, refused.Kind, refused.Field));
        Assert.Equal(SubsidyClaimState.Submitted, claim.State);
    }

    [Theory]
    [InlineData(2026, 4, 2, 2026, 1, 1, 2026, 3, 31)]    // in Q2: the whole of Q1
    [InlineData(2026, 1, 1, 2025, 10, 1, 2025, 12, 31)]  // on New Year's Day: Q4 of the year before
    [InlineData(2026, 12, 31, 2026, 7, 1, 2026, 9, 30)]  // the last day of Q4 is still in Q4: Q3
    public void PeriodOf_NoDates_IsTheLastWholeQuarterBeforeToday(int y, int m, int d, int sy, int sm, int sd, int ey, int em, int ed)
    {
        Assert.Equal((new LocalDate(sy, sm, sd), new LocalDate(ey, em, ed)),
            SubsidyClaim.PeriodOf(null, null, new LocalDate(y, m, d)));
    }

    [Fact]
    public void PeriodOf_DatesGiven_AreKeptWhenClosedAndInOrder()
    {
        var today = new LocalDate(2026, 4, 2);
        Assert.Equal((new LocalDate(2026, 2, 1), new LocalDate(2026, 4, 1)),
            SubsidyClaim.PeriodOf(new LocalDate(2026, 2, 1), new LocalDate(2026, 4, 1), today)); // yesterday is closed
    }

    [Theory]
    [InlineData("2026-03-31", "2026-03-01", "periodEnd")] // end before start
    [InlineData("2026-03-01", "2026-04-02", "periodEnd")] // today is not closed yet
    [InlineData("2026-03-01", null, "periodEnd")]         // one date without the other
    [InlineData(null, "2026-03-01", "periodStart")]
    public void PeriodOf_DatesRefused_SayWhichField(string? start, string? end, string field)
    {
        static LocalDate? Parse(string? s) => s is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(s).Value;
        var refused = Assert.Throws<DomainException>(() => SubsidyClaim.PeriodOf(Parse(start), Parse(end), new LocalDate(2026, 4, 2)));
        Assert.Equal((ErrorCodes.ClaimPeriodInvalid, RefusalKind.Invalid, field), (refused.Code, refused.Kind, refused.Field));
    }
}
