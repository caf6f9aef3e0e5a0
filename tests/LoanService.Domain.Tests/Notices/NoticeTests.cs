using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Notices;

public class SmsTextTests
{
    [Theory]
    [InlineData(64, 70, 1)]   // 【福鼎农信】 is 6 characters: 6 + 64 = 70, one segment
    [InlineData(65, 71, 2)]   // 71 → ceil(71 / 67) = 2
    [InlineData(128, 134, 2)] // 134 = 2 × 67
    [InlineData(129, 135, 3)] // 135 → ceil(135 / 67) = 3
    [InlineData(494, 500, 8)] // the longest allowed: ceil(500 / 67) = 8
    public void Compose_CountsSignatureInLengthAndSegments(int bodyLength, int length, int segments)
    {
        var sms = SmsText.Compose("福鼎农信", new string('贷', bodyLength));
        Assert.Equal(length, sms.Length);
        Assert.Equal(segments, sms.Segments);
        Assert.StartsWith("【福鼎农信】", sms.Text);
    }

    [Fact]
    public void Compose_TooLongOrBracketsInBody_IsRefused()
    {
        Assert.Equal(ErrorCodes.SmsTextInvalid, Assert.Throws<DomainException>(() => SmsText.Compose("福鼎农信", new string('贷', 495))).Code);
        Assert.Equal(ErrorCodes.SmsTextInvalid, Assert.Throws<DomainException>(() => SmsText.Compose("福鼎农信", "【假冒】请转账")).Code);
        Assert.Equal(ErrorCodes.SmsSignatureInvalid, Assert.Throws<DomainException>(() => SmsText.Compose("福", "您好")).Code);
    }
}

public class NoticePlannerTests
{
    private static readonly ProductSettings Settings = ProductSettings.Default;
    private static readonly NoticeCadence Cadence = NoticeCadence.Default;

    private static IReadOnlyList<PlannedNotice> CloseAndPlan(CreditLine line, LocalDate date)
    {
        line.CloseThrough(date);
        return NoticePlanner.AfterClose(line, date, Settings, Cadence);
    }

    [Fact]
    public void AfterClose_ThreeDaysBeforeDueDate_RemindsOfTheEstimatedInterest()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        Assert.Empty(CloseAndPlan(line, new LocalDate(2026, 1, 16)));

        // After the close of 17 January, for the 18th: accrued 5–17 Jan (13 days) plus 18–20 Jan (3 days)
        // = 16 × 100000 × 0.0435 / 360 = 193.3333 → about 193.33, due 21 January.
        var notice = Assert.Single(CloseAndPlan(line, new LocalDate(2026, 1, 17)));
        Assert.Equal(NoticeKind.InterestDueReminder, notice.Kind);
        Assert.Equal(new LocalDate(2026, 1, 18), notice.BusinessDate);
        Assert.Equal("【福鼎农信】您的党员先锋贷本期利息约193.33元，将于2026年1月21日扣收，请提前存足款项。",
            SmsText.Compose("福鼎农信", notice.Body).Text);
        Assert.Equal($"{line.Id:N}:InterestDueReminder:2026-01-21", notice.DedupKey);
    }

    [Fact]
    public void AfterClose_LenderClaimsLine_RemindsOfTheBorrowersNetBill()
    {
        // 50,000 at 4.35%, enrolled in a 3.00% 直接贴息 programme on 5 January.
        var program = Subsidies.Programs.Create(Subsidies.Programs.FixedRate(0.03m));
        var budget = new LoanService.Domain.Subsidies.SubsidyBudget([program]);
        var line = Subsidies.Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 50_000m);
        Subsidies.SubsidizedLines.CloseThrough(line, new LocalDate(2026, 1, 17), budget);

        // For the 20 January settlement, 16 days (5–20 January): interest 16 × 50000 × 0.0435 / 360 = 96.6667 → 96.67,
        // subsidy 16 × 50000 × 0.03 / 360 = 66.6667 → 66.67, so the borrower is billed 96.67 − 66.67 = 30.00 — not the
        // 42.50 the gross days 18–20 January would add (3 × 4.1667 = 12.50 of subsidy left out).
        var notice = Assert.Single(NoticePlanner.AfterClose(line, new LocalDate(2026, 1, 17), Settings, Cadence, budget));
        Assert.Equal("【福鼎农信】您的党员先锋贷本期利息约30.00元，将于2026年1月21日扣收，请提前存足款项。",
            SmsText.Compose("福鼎农信", notice.Body).Text);

        // And the settlement bills exactly that.
        Subsidies.SubsidizedLines.CloseThrough(line, new LocalDate(2026, 1, 20), budget);
        Assert.Equal(new Money(30.00m), Subsidies.SubsidizedLines.BorrowerBilled(line, new LocalDate(2026, 1, 20)));
    }

    [Fact]
    public void AfterClose_BillUnpaid_NoticesOnDaysPastDueOneSevenAndThirtyOnly()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 20));

        // The 193.33 bill is unpaid at the close of its due date, 21 January: 1 day past due on the 22nd.
        var first = Assert.Single(CloseAndPlan(line, new LocalDate(2026, 1, 21)));
        Assert.Equal(NoticeKind.OverdueNotice, first.Kind);
        Assert.Equal("您的党员先锋贷已逾期1天，逾期本息及罚息共193.33元，请尽快还款，以免影响您的信用记录。", first.Body);

        var days = new List<int>();
        for (var d = new LocalDate(2026, 1, 22); d <= new LocalDate(2026, 2, 25); d = d.PlusDays(1))
            days.AddRange(CloseAndPlan(line, d).Where(n => n.Kind == NoticeKind.OverdueNotice)
                .Select(_ => line.DaysPastDueOn(d.PlusDays(1))));
        Assert.Equal([7, 30], days);
    }

    [Fact]
    public void AfterClose_ThirtyAndSevenDaysBeforeMaturity_RemindsOfThePrincipal()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 3);
        line.Draw(60_000m);
        // Maturity 5 April 2026; 30 days before is 6 March, 7 days before is 29 March.
        var reminders = new List<PlannedNotice>();
        for (var d = new LocalDate(2026, 1, 5); d <= new LocalDate(2026, 4, 4); d = d.PlusDays(1))
        {
            line.CloseThrough(d);
            if (line.BilledInterest.IsPositive) line.Repay(line.BilledInterest.Amount);
            reminders.AddRange(NoticePlanner.AfterClose(line, d, Settings, Cadence).Where(n => n.Kind == NoticeKind.MaturityReminder));
        }
        Assert.Equal([new LocalDate(2026, 3, 6), new LocalDate(2026, 3, 29)], reminders.Select(r => r.BusinessDate));
        Assert.Equal("您的党员先锋贷将于2026年4月5日到期，尚欠本金60000.00元，请按时还款或联系信用社办理续贷。", reminders[0].Body);
        Assert.NotEqual(reminders[0].DedupKey, reminders[1].DedupKey);
    }

    [Fact]
    public void Receipts_CarryTheAmountsOfThePosting()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        var draw = line.Draw(30_000m);
        Assert.Equal("您于2026年1月5日支用党员先锋贷30000.00元，当前可用额度70000.00元。如非本人操作，请即致电信用社。",
            NoticePlanner.DrawConfirmation(line, draw).Body);

        line.CloseThrough(new LocalDate(2026, 1, 20));
        // 16 days × 30000 × 0.0435 / 360 = 58.00 billed; 1000 pays 58.00 interest and 942.00 principal.
        var (entry, allocation) = line.Repay(Guid.NewGuid(), 1_000m, line.Today());
        var receipt = NoticePlanner.RepaymentReceipt(line, entry, allocation);
        Assert.Equal("您于2026年1月21日还款1000.00元，其中本金942.00元、利息及罚息58.00元，尚欠本金29058.00元。", receipt.Body);
        Assert.Equal(NoticeKind.RepaymentReceipt, receipt.Kind);
    }

    [Fact]
    public void AfterClose_ClosedLine_PlansNothing()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 1);
        line.CloseThrough(new LocalDate(2026, 2, 5));
        Assert.Equal(CreditLineStatus.Closed, line.Status);
        Assert.Empty(NoticePlanner.AfterClose(line, new LocalDate(2026, 2, 5), Settings, Cadence));
    }
}
