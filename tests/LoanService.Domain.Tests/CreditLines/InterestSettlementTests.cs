using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

public class InterestSettlementTests
{
    [Fact]
    public void CloseDay_FirstSettlement_BillsInterestFromDrawDateThroughTheTwentieth()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 20));

        // 16 days (5th–20th inclusive) × 100000 × 0.0435 / 360 = 193.3333… → 193.33
        Assert.Equal(193.33m, line.BilledInterest.Amount);
        Assert.Equal(0m, line.AccruedInterest.Amount);
        Assert.Equal(new LocalDate(2026, 1, 21), line.Bills[0].DueDate);
    }

    [Fact]
    public void CloseDay_BillUnpaidAtDueDateClose_TurnsOverdueAndCountsOneDayPastDueNextDay()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 21));

        Assert.Equal(193.33m, line.OverdueInterest.Amount);
        Assert.Equal(1, line.DaysPastDueOn(new LocalDate(2026, 1, 22)));
        Assert.Equal(Classification.SpecialMention, line.Classification);
    }
}
