using LoanService.Domain;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>Builds lines and walks them through business days for the tests.</summary>
internal static class Lines
{
    public static readonly Guid Cooperative = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    public static readonly Guid Borrower = Guid.Parse("00000000-0000-0000-0000-00000000b001");

    public static CreditLine Open(LocalDate start, decimal limit = 100_000m, decimal rate = 0.0435m, int termMonths = 12,
        ProductSettings? settings = null) =>
        CreditLine.Open(Guid.NewGuid(), Cooperative, Borrower, new Money(limit), new AnnualRate(rate), termMonths, start,
            settings ?? ProductSettings.Default);

    /// <summary>Closes every day from the line's next close through <paramref name="through"/>, inclusive.</summary>
    public static void CloseThrough(this CreditLine line, LocalDate through, ProductSettings? settings = null)
    {
        for (var d = line.LastClosedDate.PlusDays(1); d <= through; d = d.PlusDays(1))
            line.CloseDay(d, settings ?? ProductSettings.Default);
    }

    /// <summary>The line's open business date: the day after its last close.</summary>
    public static LocalDate Today(this CreditLine line) => line.LastClosedDate.PlusDays(1);

    public static JournalEntry Draw(this CreditLine line, decimal amount) => line.Draw(Guid.NewGuid(), amount, line.Today());

    public static RepaymentAllocation Repay(this CreditLine line, decimal amount) =>
        line.Repay(Guid.NewGuid(), amount, line.Today()).Allocation;
}
