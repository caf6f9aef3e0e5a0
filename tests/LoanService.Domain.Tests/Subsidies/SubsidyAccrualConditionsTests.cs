using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>The days that earn no subsidy (docs/rules.md §6): overdue, extended, outside the programme's dates.</summary>
public class SubsidyAccrualConditionsTests
{
    // 100,000.00 at 4.35% in a 3.00% fixed programme: a day is 12.0833… of interest and 8.3333… of subsidy.
    // Interest of a 31-day period: 3,100,000 × 0.0435 / 360 = 374.5833 → 374.58; of 28 days 338.3333 → 338.33.

    [Fact]
    public void CloseDay_BillOverdueForSomeDays_SubsidizesNoneOfThemEvenWhenTheProgrammeDoesNotForfeit()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), forfeitOnLatePayment: false);
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 20), budget); // 133.33 subsidy, 193.33 − 133.33 = 60.00 billed

        // 21 Jan, the due date, closes unpaid: its own day is subsidized (nothing was overdue before that close's
        // billing); then the bill turns overdue, but this programme keeps the subsidy pending.
        line.CloseThrough(new LocalDate(2026, 1, 21), budget);
        Assert.Equal(new Money(60.00m), line.OverdueInterest);
        Assert.Empty(line.PendingSubsidyEvents.OfType<SubsidyForfeited>());
        Assert.DoesNotContain(line.PendingJournal, e => e.Kind == JournalEntryKind.SubsidyForfeited);
        Assert.Equal(new Money(133.33m), Assert.Single(line.PendingSubsidies).Amount);
        Assert.Equal(1, line.SubsidyDays);

        // 22–25 Jan close with the bill overdue: no subsidy (逾期不贴息), while interest runs on.
        line.CloseThrough(new LocalDate(2026, 1, 25), budget);
        Assert.Equal(1, line.SubsidyDays);
        Assert.Equal(new Money(133.33m + 8.3333333333333333m), program.Committed);

        // 26 Jan: compound interest, closes 22–25 Jan: 4 × 60.00 = 240 积数 × 0.06525 / 360 = 0.0435 → 0.04
        line.Repay(60.04m, budget);
        var earned = line.PendingSubsidyEvents.OfType<SubsidyEarned>().Single();
        Assert.Equal((new LocalDate(2026, 1, 26), new Money(133.33m)), (earned.Date, earned.Amount)); // paid late, kept

        // 20 Feb: subsidized 21 Jan and 26 Jan–20 Feb (6 + 20 days) = 27 days × 100000 = 2,700,000 × 0.03 / 360 = 225.00
        //   borrower 374.58 − 225.00 = 149.58
        line.CloseThrough(new LocalDate(2026, 2, 20), budget);
        var period = line.BilledPeriod(new LocalDate(2026, 2, 20));
        Assert.Equal((new LocalDate(2026, 1, 21), 27, 2_700_000m, new Money(225.00m)),
            (period.PeriodStart, period.Days, period.BaseDays, period.Amount));
        Assert.Equal(new Money(149.58m), line.BorrowerBilled(new LocalDate(2026, 2, 20)));
        Assert.Equal(new[] { new LocalDate(2026, 1, 21), new LocalDate(2026, 1, 26) },
            line.AccruedDays().Select(e => e.Date).Where(d => d >= new LocalDate(2026, 1, 21) && d <= new LocalDate(2026, 1, 26)));
        line.AssertJournalMatches();
    }

    [Theory]
    // 20 Feb: 21 Jan–9 Feb, 20 days before the extension: 2,000,000 × 0.03 / 360 = 166.6667 → 166.67; borrower 374.58 − 166.67
    //   20 Mar: none; the borrower owes the whole 338.33
    [InlineData(false, "166.67", "207.91", null, "338.33")]
    // covered: 31 days 258.3333 → 258.33, borrower 116.25; 28 days 2,800,000 × 0.03 / 360 = 233.3333 → 233.33, borrower 105.00
    [InlineData(true, "258.33", "116.25", "233.33", "105.00")]
    public void CloseDay_ExtendedLine_IsSubsidizedOnlyWhenTheProgrammeCoversExtendedLines(bool covers,
        string februarySubsidy, string februaryBorrower, string? marchSubsidy, string marchBorrower)
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), coversExtendedLines: covers);
        var budget = new SubsidyBudget([program]);
        var line = Programs.OpenEnrolled(program, new LocalDate(2026, 1, 5), 100_000m, termMonths: 6); // matures 5 Jul
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 9), budget);

        line.Extend(new LocalDate(2026, 8, 5), new LocalDate(2026, 2, 10)); // the extended line closes 10 Feb on
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 20), budget);
        Assert.Equal(Yuan(februarySubsidy), line.BilledPeriod(new LocalDate(2026, 2, 20)).Amount);
        Assert.Equal(Yuan(februaryBorrower), line.BorrowerBilled(new LocalDate(2026, 2, 20)));

        line.CloseThroughPayingBills(new LocalDate(2026, 3, 20), budget);
        var march = line.PendingSubsidyEvents.OfType<SubsidyBilled>().SingleOrDefault(e => e.Date == new LocalDate(2026, 3, 20));
        Assert.Equal(marchSubsidy is null ? null : Yuan(marchSubsidy), march?.Period.Amount);
        Assert.Equal(Yuan(marchBorrower), line.BorrowerBilled(new LocalDate(2026, 3, 20)));
        Assert.Equal(covers, line.AccruedDays().Any(e => e.Date >= new LocalDate(2026, 2, 10)));
    }

    [Fact]
    public void CloseDay_DaysOutsideTheProgrammeDates_AreNotSubsidized()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), start: new LocalDate(2026, 1, 10), end: new LocalDate(2026, 2, 10));
        var budget = new SubsidyBudget([program]);
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        Assert.Equal(ErrorCodes.SubsidyOutsideProgramDates,
            Assert.Throws<DomainException>(() => line.EnrolInSubsidy(program, Programs.Borrower(), line.Today())).Code);
        line.CloseThrough(new LocalDate(2026, 1, 9));
        line.EnrolInSubsidy(program, Programs.Borrower(), line.Today()); // 10 Jan, the programme's first day

        // 20 Jan: interest on 16 days, 193.33; subsidy on 10–20 Jan, 11 days: 1,100,000 × 0.03 / 360 = 91.6667 → 91.67
        //   borrower 193.33 − 91.67 = 101.66
        line.CloseThroughPayingBills(new LocalDate(2026, 1, 20), budget);
        var january = line.BilledPeriod(new LocalDate(2026, 1, 20));
        Assert.Equal((new LocalDate(2026, 1, 10), 11, new Money(91.67m)), (january.PeriodStart, january.Days, january.Amount));
        Assert.Equal(new Money(101.66m), line.BorrowerBilled(new LocalDate(2026, 1, 20)));

        // 20 Feb: subsidy on 21 Jan–10 Feb (the last day included), 21 days: 2,100,000 × 0.03 / 360 = 175.00
        //   borrower 374.58 − 175.00 = 199.58
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 20), budget);
        var february = line.BilledPeriod(new LocalDate(2026, 2, 20));
        Assert.Equal((21, new Money(175.00m)), (february.Days, february.Amount));
        Assert.Equal(new Money(199.58m), line.BorrowerBilled(new LocalDate(2026, 2, 20)));
        Assert.Equal(new LocalDate(2026, 2, 10), line.AccruedDays().Max(e => e.Date));

        // 20 Mar: the programme is over; the borrower owes the whole 338.33 and no period is billed.
        line.CloseThroughPayingBills(new LocalDate(2026, 3, 20), budget);
        Assert.Equal(new Money(338.33m), line.BorrowerBilled(new LocalDate(2026, 3, 20)));
        Assert.Equal(2, line.PendingSubsidyEvents.OfType<SubsidyBilled>().Count());
        Assert.Equal(new Money(266.67m), program.Committed); // 91.67 + 175.00
    }

    private static Money Yuan(string amount) => new(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
}
