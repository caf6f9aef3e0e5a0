using LoanService.Domain.Borrowers;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>Builds subsidy programmes and eligible borrowers for the tests.</summary>
internal static class Programs
{
    public static readonly Guid Department = Guid.Parse("00000000-0000-0000-0000-00000000d001");

    /// <summary>福鼎市: the department's and, unless a test says otherwise, the programme's region.</summary>
    public const string County = "350982";

    /// <summary>A township inside 福鼎市, where the test borrower lives.</summary>
    public const string Township = "350982100";

    public static SubsidyRateRule FixedRate(decimal rate) => new(SubsidyRateRuleKind.FixedRate, rate);
    public static SubsidyRateRule ShareOfInterest(decimal share) => new(SubsidyRateRuleKind.ShareOfInterest, share);
    public static SubsidyRateRule BorrowerRateCeiling(decimal ceiling) => new(SubsidyRateRuleKind.BorrowerRateCeiling, ceiling);

    /// <summary>
    /// A programme for <see cref="Lines.Cooperative"/> running through 2026 and 2027 unless told otherwise, accepted
    /// by every cooperative it names unless <paramref name="accepted"/> is false.
    /// </summary>
    public static SubsidyProgram Create(SubsidyRateRule rule, SubsidyMode mode = SubsidyMode.LenderClaims,
        decimal budget = 3_000_000m, decimal? principalCap = null, LocalDate? start = null, LocalDate? end = null,
        bool forfeitOnLatePayment = true, bool coversExtendedLines = false, string region = County,
        IReadOnlyCollection<Guid>? cooperatives = null, bool accepted = true)
    {
        var program = SubsidyProgram.Create(Guid.NewGuid(), Department, County, "党员先锋贷贴息", "福鼎市委组织部", region,
            cooperatives ?? [Lines.Cooperative], start ?? new LocalDate(2026, 1, 1), end ?? new LocalDate(2027, 12, 31),
            budget, principalCap, rule, mode, forfeitOnLatePayment, coversExtendedLines, Instant.FromUtc(2026, 1, 1, 0, 0));
        if (accepted)
            foreach (var cooperative in program.CooperativeIds) program.Accept(cooperative);
        return program;
    }

    /// <summary>The borrower of <see cref="Lines.Open"/>: a party member in difficulty living in <see cref="Township"/>.</summary>
    public static Borrower Borrower(bool inDifficulty = true, string region = Township) =>
        Domain.Borrowers.Borrower.Register(Lines.Borrower, Lines.Cooperative, "张三", "350982198001021234", "13812345678",
            region, "城关镇第一党支部", inDifficulty, registeredPoor: false, smsOptOut: false);

    /// <summary>Opens a line on <paramref name="start"/>, enrols it the same day and draws <paramref name="draw"/>.</summary>
    public static CreditLine OpenEnrolled(SubsidyProgram program, LocalDate start, decimal draw, decimal limit = 100_000m,
        decimal rate = 0.0435m, int termMonths = 12)
    {
        var line = Lines.Open(start, limit, rate, termMonths);
        line.EnrolInSubsidy(program, Borrower(), start);
        line.Draw(draw);
        return line;
    }
}

/// <summary>Walks enrolled lines through business days with their programmes' budget.</summary>
internal static class SubsidizedLines
{
    /// <summary>Closes every day from the line's next close through <paramref name="through"/>, inclusive.</summary>
    public static void CloseThrough(this CreditLine line, LocalDate through, ISubsidyBudget budget,
        ProductSettings? settings = null)
    {
        for (var d = line.LastClosedDate.PlusDays(1); d <= through; d = d.PlusDays(1))
            line.CloseDay(d, settings ?? ProductSettings.Default, budget);
    }

    /// <summary>Closes every day through <paramref name="through"/>, paying each bill on its due date.</summary>
    public static void CloseThroughPayingBills(this CreditLine line, LocalDate through, ISubsidyBudget budget,
        ProductSettings? settings = null)
    {
        for (var d = line.LastClosedDate.PlusDays(1); d <= through; d = d.PlusDays(1))
        {
            var due = line.Bills.Where(b => !b.Overdue && b.DueDate == d).Sum(b => b.Unpaid.Amount);
            if (due > 0m && !line.HasOverdue) line.Repay(Guid.NewGuid(), due, d, budget);
            line.CloseDay(d, settings ?? ProductSettings.Default, budget);
        }
    }

    public static RepaymentAllocation Repay(this CreditLine line, decimal amount, ISubsidyBudget budget) =>
        line.Repay(Guid.NewGuid(), amount, line.Today(), budget).Allocation;

    /// <summary>The period billed on <paramref name="billedOn"/>, from the line's subsidy events.</summary>
    public static SubsidyPeriod BilledPeriod(this CreditLine line, LocalDate billedOn) =>
        line.PendingSubsidyEvents.OfType<SubsidyBilled>().Single(e => e.Date == billedOn).Period;

    /// <summary>What the borrower was billed on <paramref name="billedOn"/> (the InterestBilled journal entry).</summary>
    public static Money BorrowerBilled(this CreditLine line, LocalDate billedOn) =>
        line.PendingJournal.Single(e => e.Kind == JournalEntryKind.InterestBilled && e.BusinessDate == billedOn).Amount;

    /// <summary>Days whose close accrued subsidy, with what each granted.</summary>
    public static IEnumerable<SubsidyAccrued> AccruedDays(this CreditLine line) =>
        line.PendingSubsidyEvents.OfType<SubsidyAccrued>();
}
