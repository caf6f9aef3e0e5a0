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

    /// <summary>Closes every day through <paramref name="through"/>, paying each bill on its due date.</summary>
    public static void CloseThroughPayingBills(this CreditLine line, LocalDate through, ProductSettings? settings = null)
    {
        for (var d = line.LastClosedDate.PlusDays(1); d <= through; d = d.PlusDays(1))
        {
            var due = line.Bills.Where(b => !b.Overdue && b.DueDate == d).Sum(b => b.Unpaid.Amount);
            if (due > 0m && !line.HasOverdue) line.Repay(Guid.NewGuid(), due, d);
            line.CloseDay(d, settings ?? ProductSettings.Default);
        }
    }

    /// <summary>The sum of every journal change the line has made since it was opened.</summary>
    public static Balances JournalTotal(this CreditLine line) =>
        line.PendingJournal.Aggregate(Balances.Zero, (sum, e) => sum + e.Change);

    /// <summary>The journal adds up to the line's balances, and each entry's After is the running total.</summary>
    public static void AssertJournalMatches(this CreditLine line)
    {
        var running = Balances.Zero;
        foreach (var entry in line.PendingJournal)
        {
            running += entry.Change;
            Assert.Equal(running, entry.After);
        }
        Assert.Equal(line.Balances, running);
    }

    /// <summary>Runs <paramref name="act"/>, expects a refusal with <paramref name="code"/>, and that nothing changed.</summary>
    public static DomainException AssertRefusedUnchanged(this CreditLine line, string code, Action act)
    {
        var before = LineState.Of(line);
        var refused = Assert.Throws<DomainException>(act);
        Assert.Equal(code, refused.Code);
        Assert.Equal(before, LineState.Of(line));
        return refused;
    }
}

/// <summary>What a refused operation must leave as it was.</summary>
internal sealed record LineState(
    Balances Balances,
    CreditLineStatus Status,
    LocalDate LastClosedDate,
    LocalDate MaturityDate,
    Classification Classification,
    int JournalSequence,
    int PendingCount,
    string Bills,
    decimal InterestBalanceDays,
    decimal PenaltyBalanceDays)
{
    public static LineState Of(CreditLine line) => new(line.Balances, line.Status, line.LastClosedDate, line.MaturityDate,
        line.Classification, line.JournalSequence, line.PendingJournal.Count, string.Join(";", line.Bills),
        line.InterestBalanceDays, line.PenaltyBalanceDays);
}
