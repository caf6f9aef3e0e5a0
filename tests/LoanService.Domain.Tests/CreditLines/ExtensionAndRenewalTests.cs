using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>展期 and 续贷 on lines walked through their business days.</summary>
public class ExtensionAndRenewalTests
{
    [Fact]
    public void Extend_SixMonthLine_MovesMaturityUpToSixMonthsAndStopsDraws()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 6);
        Assert.Equal(new LocalDate(2026, 7, 5), line.MaturityDate);
        Assert.Equal(new LocalDate(2027, 1, 5), line.LatestExtendedMaturity); // ≤ 12 months: up to the original term
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 6, 21));

        line.AssertRefusedUnchanged(ErrorCodes.ExtensionExceedsLimit, () => line.Extend(new LocalDate(2027, 1, 6), line.Today()));
        line.AssertRefusedUnchanged(ErrorCodes.ExtensionNotLater, () => line.Extend(new LocalDate(2026, 7, 5), line.Today()));
        var entry = line.Extend(new LocalDate(2026, 12, 5), new LocalDate(2026, 6, 22));

        Assert.Equal(JournalEntryKind.Extension, entry.Kind);
        Assert.Equal(Balances.Zero, entry.Change);
        Assert.Equal(CreditLineStatus.Extended, line.Status);
        Assert.Equal(Classification.Normal, line.Classification); // the floor applies from the next close
        line.AssertRefusedUnchanged(ErrorCodes.DrawLineNotActive, () => line.Draw(1m));
        Assert.Equal(0m, line.AvailableOn(line.Today()).Amount);
        line.CloseDay(new LocalDate(2026, 6, 22), ProductSettings.Default);
        Assert.Equal(Classification.SpecialMention, line.Classification);
        Assert.Equal(0, line.DaysPastDueOn(line.Today()));

        line.CloseThroughPayingBills(new LocalDate(2026, 7, 20));
        // no maturity billing on 5 Jul any more; 21 Jun–20 Jul: 30 days × 100000 × 0.0435 / 360 = 362.50
        Assert.False(line.HasOverdue);
        Assert.Equal(362.50m, line.BilledInterest.Amount);

        line.CloseThroughPayingBills(new LocalDate(2026, 10, 31));
        line.Extend(new LocalDate(2027, 1, 5), line.Today()); // cumulative six months: still allowed
        line.AssertRefusedUnchanged(ErrorCodes.ExtensionExceedsLimit, () => line.Extend(new LocalDate(2027, 1, 6), line.Today()));

        line.CloseThroughPayingBills(new LocalDate(2027, 1, 4));
        // 21 Dec–4 Jan: 15 days × 100000 × 0.0435 / 360 = 181.25
        var payoff = line.PayoffOn(new LocalDate(2027, 1, 5));
        Assert.Equal(100_181.25m, payoff.Amount.Amount);
        line.Repay(100_181.25m);
        Assert.Equal(CreditLineStatus.Closed, line.Status);
        Assert.Equal(Balances.Zero, line.Balances);
        line.AssertJournalMatches();
    }

    [Theory]
    [InlineData(12, 2028, 1, 5)] // ≤ 12 months: + the original term; 5 Jan 2027 + 12 months
    [InlineData(13, 2027, 8, 5)] // 12 < term ≤ 60: + half, rounded down to 6 months; 5 Feb 2027 + 6
    [InlineData(24, 2029, 1, 5)] // 5 Jan 2028 + 12 months
    [InlineData(60, 2033, 7, 5)] // 5 Jan 2031 + 30 months
    public void LatestExtendedMaturity_ByOriginalTerm_FollowsLoanGeneralRules(int termMonths, int year, int month, int day)
    {
        Assert.Equal(new LocalDate(year, month, day), Lines.Open(new LocalDate(2026, 1, 5), termMonths: termMonths).LatestExtendedMaturity);
    }

    [Fact]
    public void LatestExtendedMaturity_ClampedMonthEndMaturity_CountsFromTheClampedDate()
    {
        // 31 Jan + 1 month = 28 Feb; + 1 month of extension = 28 Mar (not 31 Mar)
        var line = Lines.Open(new LocalDate(2026, 1, 31), termMonths: 1);

        Assert.Equal(new LocalDate(2026, 2, 28), line.MaturityDate);
        Assert.Equal(new LocalDate(2026, 3, 28), line.LatestExtendedMaturity);
    }

    [Fact]
    public void Extend_OnTheMaturityDate_IsAllowedAndAfterItsCloseIsRefused()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 1); // matures 5 Feb
        line.Draw(50_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 4));

        line.Extend(new LocalDate(2026, 3, 5), new LocalDate(2026, 2, 5));
        Assert.Equal(new LocalDate(2026, 3, 5), line.MaturityDate);

        var late = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 1);
        late.Draw(50_000m);
        late.CloseThroughPayingBills(new LocalDate(2026, 2, 5)); // matured unpaid at 5 Feb's close
        Assert.Equal(CreditLineStatus.Matured, late.Status);
        late.AssertRefusedUnchanged(ErrorCodes.ExtensionAfterMaturity, () => late.Extend(new LocalDate(2026, 3, 5), late.Today()));
    }

    [Fact]
    public void Extend_LineWithOverdueBill_IsRefused()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 6);
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 21)); // the 193.33 bill turned overdue

        line.AssertRefusedUnchanged(ErrorCodes.ExtensionLineOverdue, () => line.Extend(new LocalDate(2026, 9, 5), line.Today()));
    }

    [Fact]
    public void Renew_InWindowWithBillsPaid_MovesPrincipalAndAccruedInterestToTheNewLine()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5)); // matures 5 Jan 2027; window opens 6 Dec 2026
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 4));
        var newId = Guid.Parse("00000000-0000-0000-0000-0000000000a2");

        line.AssertRefusedUnchanged(ErrorCodes.RenewalOutsideWindow, () =>
            line.Renew(newId, new Money(120_000m), new AnnualRate(0.04m), 12, line.Today(), ProductSettings.Default)); // 5 Dec
        line.CloseThrough(new LocalDate(2026, 12, 20)); // the 20 Dec bill: 21 Nov–20 Dec 30 days → 362.50, due 21 Dec
        line.AssertRefusedUnchanged(ErrorCodes.RenewalInterestUnpaid, () =>
            line.Renew(newId, new Money(120_000m), new AnnualRate(0.04m), 12, line.Today(), ProductSettings.Default));
        line.Repay(362.50m);
        line.CloseThrough(new LocalDate(2026, 12, 27));
        line.AssertRefusedUnchanged(ErrorCodes.RenewalLimitBelowPrincipal, () =>
            line.Renew(newId, new Money(99_999.99m), new AnnualRate(0.04m), 12, line.Today(), ProductSettings.Default));
        line.AssertRefusedUnchanged(ErrorCodes.LimitOutOfRange, () =>
            line.Renew(newId, new Money(200_000.01m), new AnnualRate(0.04m), 12, line.Today(), ProductSettings.Default));

        var renewed = line.Renew(newId, new Money(120_000m), new AnnualRate(0.04m), 12, new LocalDate(2026, 12, 28),
            ProductSettings.Default);

        Assert.Equal(CreditLineStatus.Renewed, line.Status);
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Equal(newId, line.RenewedToId);
        Assert.Equal(line.Id, renewed.RenewedFromId);
        Assert.Equal(new LocalDate(2027, 12, 28), renewed.MaturityDate);
        Assert.Equal(100_000m, renewed.Principal.Amount);
        Assert.Equal(20_000m, renewed.AvailableOn(new LocalDate(2026, 12, 28)).Amount);
        // 21–27 Dec: 7 days × 100000 = 700,000 × 0.0435 / 360 = 84.58333… moves unrounded
        Assert.Equal(84.5833333333333333m, renewed.AccruedInterest.Amount);
        line.AssertRefusedUnchanged(ErrorCodes.DrawLineNotActive, () => line.Draw(1m));
        line.AssertRefusedUnchanged(ErrorCodes.RepaymentLineClosed, () => line.Repay(1m));
        line.AssertJournalMatches();

        renewed.CloseThrough(new LocalDate(2027, 1, 20));
        // 28 Dec–20 Jan: 24 days × 100000 = 2,400,000 × 0.04 / 360 = 266.6667; 84.5833 + 266.6667 = 351.25
        Assert.Equal(351.25m, renewed.BilledInterest.Amount);
        Assert.Equal(Classification.Normal, renewed.Classification);
        renewed.AssertJournalMatches();
    }

    [Fact]
    public void Renew_OnMaturityDate_IsAllowedAndTheOldLineNeedsNoMaturityBilling()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 3); // matures 5 Apr
        line.Draw(80_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 4, 4));

        var renewed = line.Renew(Guid.NewGuid(), new Money(80_000m), new AnnualRate(0.0435m), 3, new LocalDate(2026, 4, 5),
            ProductSettings.Default);

        // 21 Mar–4 Apr: 15 days × 80000 = 1,200,000 × 0.0435 / 360 = 145.00
        Assert.Equal(145.00m, renewed.AccruedInterest.Amount);
        Assert.Empty(line.CloseDay(new LocalDate(2026, 4, 5), ProductSettings.Default));
        Assert.Equal(CreditLineStatus.Renewed, line.Status);
        Assert.Equal(new LocalDate(2026, 7, 5), renewed.MaturityDate);
    }

    [Fact]
    public void Renew_LineWithOverdueBill_IsRefused()
    {
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 1); // matures 5 Feb; window opens 6 Jan
        line.Draw(100_000m);
        line.CloseThrough(new LocalDate(2026, 1, 21));

        line.AssertRefusedUnchanged(ErrorCodes.RenewalLineOverdue, () =>
            line.Renew(Guid.NewGuid(), new Money(100_000m), new AnnualRate(0.0435m), 12, line.Today(), ProductSettings.Default));
    }

    [Fact]
    public void Renew_ConfiguredWindow_OpensThatManyDaysBeforeMaturity()
    {
        var settings = new ProductSettings { RenewalWindowDays = 10 };
        var line = Lines.Open(new LocalDate(2026, 1, 5), termMonths: 3, settings: settings); // matures 5 Apr
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 3, 25), settings);

        // 26 Mar = 5 Apr − 10 days: inside a 10-day window, outside a 9-day one (which opens 27 Mar)
        line.AssertRefusedUnchanged(ErrorCodes.RenewalOutsideWindow, () =>
            line.Renew(Guid.NewGuid(), new Money(100_000m), new AnnualRate(0.0435m), 12, line.Today(), settings with { RenewalWindowDays = 9 }));
        var renewed = line.Renew(Guid.NewGuid(), new Money(100_000m), new AnnualRate(0.0435m), 12, line.Today(), settings);
        Assert.Equal(new LocalDate(2026, 3, 26), renewed.StartDate);
    }
}
