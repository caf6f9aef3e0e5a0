using FsCheck;
using FsCheck.Fluent;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>
/// Random books on small budgets: a few enrolled lines with odd amounts, random draws, repayments, payoffs
/// and late payers, closed day by day for about four months. The budget is never passed, and every billed
/// period splits the rounded interest exactly between the borrower and the programme.
/// </summary>
public class SubsidyBudgetPropertyTests
{
    private static readonly LocalDate Start = new(2026, 1, 5);

    private enum Step { Draw, Repay, Payoff, Close }

    private sealed record Op(int Line, Step Step, int Percent, int Days);

    private sealed record Book(SubsidyMode Mode, SubsidyRateRule Rule, decimal Budget, decimal[] Draws, bool[] Late, Op[] Ops)
    {
        public override string ToString() =>
            $"{Mode} {Rule.Kind} {Rule.Value}, budget {Budget}, draws [{string.Join(", ", Draws)}], late [{string.Join(", ", Late)}]: " +
            string.Join(", ", Ops.Select(o => $"{o.Line}:{o.Step}({o.Percent}%,{o.Days}d)"));
    }

    private static readonly Arbitrary<Book> Books = Arb.From(
        from mode in Gen.Elements(SubsidyMode.LenderClaims, SubsidyMode.BorrowerRefund)
        from rule in Gen.Elements(Programs.FixedRate(0.03m), Programs.FixedRate(0.0333m), Programs.ShareOfInterest(0.5m),
            Programs.ShareOfInterest(0.3333m), Programs.BorrowerRateCeiling(0.015m))
        from budgetFen in Gen.Choose(100, 60_000)
        from count in Gen.Choose(2, 5)
        from draws in Gen.ArrayOf(Gen.Choose(1_000_000, 20_000_000).Select(fen => fen / 100m), count)
        from late in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false))), count)
        from ops in Gen.ArrayOf(
            from line in Gen.Choose(0, count - 1)
            from step in Gen.Frequency((2, Gen.Constant(Step.Draw)), (2, Gen.Constant(Step.Repay)),
                (1, Gen.Constant(Step.Payoff)), (5, Gen.Constant(Step.Close)))
            from percent in Gen.Choose(1, 100)
            from days in Gen.Choose(1, 12)
            select new Op(line, step, percent, days), 30)
        select new Book(mode, rule, budgetFen / 100m, draws, late, ops));

    [Fact]
    public void RandomBook_EveryDay_UsesNoMoreThanTheBudgetAndSplitsEachBilledPeriodExactly()
    {
        Prop.ForAll(Books, book => Run(book)).QuickCheckThrowOnFailure();
    }

    /// <summary>
    /// A book the property once shrank to: line 1 pays off on 20 January (billing its subsidy that day), draws
    /// again, and the 20 January close then bills one day's interest with no subsidy (the budget is used up).
    /// </summary>
    [Fact]
    public void RandomBook_PayoffAndSettlementOnOneDay_SplitsEachBillExactly()
    {
        var ops = "2:Close(44%,8d), 0:Close(59%,2d), 2:Repay(64%,1d), 1:Close(53%,5d), 1:Payoff(95%,3d), 1:Draw(2%,3d), 1:Draw(67%,2d), 1:Repay(16%,3d), 2:Close(27%,4d), 0:Draw(8%,12d), 1:Close(93%,11d), 0:Repay(55%,4d), 0:Close(93%,1d), 0:Draw(71%,2d), 1:Close(37%,8d), 0:Repay(7%,10d), 1:Repay(65%,8d), 2:Payoff(50%,12d), 2:Close(41%,6d), 2:Close(68%,7d), 1:Draw(58%,7d), 0:Close(6%,2d), 2:Close(20%,5d), 2:Close(32%,11d), 1:Repay(52%,10d), 2:Close(84%,12d), 1:Close(81%,10d), 0:Draw(66%,8d), 0:Close(55%,1d), 1:Close(34%,9d)"
            .Split(", ").Select(t => { var m = System.Text.RegularExpressions.Regex.Match(t, @"(\d+):(\w+)\((\d+)%,(\d+)d\)");
                return new Op(int.Parse(m.Groups[1].Value), Enum.Parse<Step>(m.Groups[2].Value), int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value)); }).ToArray();
        Run(new Book(SubsidyMode.LenderClaims, Programs.BorrowerRateCeiling(0.015m), 103.25m, [149768.23m, 175154.6m, 11279.86m], [true, false, false], ops));
    }

    private static void Run(Book book)
    {
        {
            var program = Programs.Create(book.Rule, book.Mode, budget: book.Budget);
            var budget = new SubsidyBudget([program]);
            var lines = book.Draws.Select(d => Programs.OpenEnrolled(program, Start, d, limit: 200_000m)).ToArray();
            foreach (var op in book.Ops)
            {
                var line = lines[op.Line];
                var available = line.AvailableOn(line.Today()).Amount;
                var owed = line.PayoffOn(line.Today(), budget).Amount.Amount;
                switch (op.Step)
                {
                    case Step.Draw when available >= 0.01m:
                        line.Draw(Math.Max(0.01m, decimal.Round(available * op.Percent / 100m, 2)));
                        break;
                    case Step.Repay when owed >= 0.01m:
                        RepayChecked(line, Math.Max(0.01m, decimal.Round(owed * op.Percent / 100m, 2)), budget);
                        break;
                    case Step.Payoff when owed >= 0.01m:
                        RepayChecked(line, owed, budget);
                        break;
                    case Step.Close:
                        var through = line.Today().PlusDays(op.Days - 1);
                        for (var d = line.Today(); d <= through; d = d.PlusDays(1))
                        {
                            for (var i = 0; i < lines.Length; i++)
                                CloseChecked(lines[i], d, book.Late[i], budget, program);
                            AssertUsedWithinBudget(lines, program);
                        }
                        break;
                }
                AssertUsedWithinBudget(lines, program);
            }
        }
    }

    /// <summary>
    /// What the lines really used, from what they did: billed less forfeited, plus what still accrues. The
    /// programme's account holds exactly that, and it is never more than the budget.
    /// </summary>
    private static void AssertUsedWithinBudget(CreditLine[] lines, SubsidyProgram program)
    {
        var events = lines.SelectMany(l => l.PendingSubsidyEvents).ToList();
        var used = Accrual.Sum(lines.Select(l => l.SubsidyAccrued)
            .Concat(events.OfType<SubsidyBilled>().Select(b => b.Period.Amount))
            .Concat(events.OfType<SubsidyForfeited>().Select(f => -f.Amount)));
        Assert.Equal(used, program.Committed);
        Assert.True(used <= program.Budget && !used.IsNegative, $"{used} used of {program.Budget}");
    }

    /// <summary>Closes one day (paying the bills due that day unless the line is a late payer) and checks its bills.</summary>
    private static void CloseChecked(CreditLine line, LocalDate date, bool late, SubsidyBudget budget, SubsidyProgram program)
    {
        var due = line.Bills.Where(b => !b.Overdue && b.DueDate == date).Sum(b => b.Unpaid.Amount);
        if (!late && due > 0m && !line.HasOverdue) RepayChecked(line, due, budget);
        // A payoff earlier the same day may have billed a period too: only the close's own is this bill's.
        var billedBefore = line.PendingSubsidyEvents.OfType<SubsidyBilled>().Count();
        var entries = line.CloseDay(date, ProductSettings.Default, budget);
        Assert.True(program.Committed <= program.Budget, $"{program.Committed} used of {program.Budget} on {date}");
        foreach (var bill in entries.Where(e => e.Kind == JournalEntryKind.InterestBilled))
        {
            var period = line.PendingSubsidyEvents.OfType<SubsidyBilled>().Skip(billedBefore).SingleOrDefault()?.Period;
            // The bill cleared the accrued interest: what it cleared, plus (in 直接贴息) the subsidy it netted, is the
            // gross interest of the period; the borrower's bill and the subsidy billed add up to it rounded.
            var netAccrued = -bill.Change.AccruedInterest;
            var subsidyUnrounded = period?.Unrounded ?? Money.Zero;
            var gross = line.SubsidyMode == SubsidyMode.LenderClaims ? Accrual.Add(netAccrued, subsidyUnrounded) : netAccrued;
            var subsidyBilled = line.SubsidyMode == SubsidyMode.LenderClaims ? period?.Amount ?? Money.Zero : Money.Zero;
            Assert.Equal(gross.RoundToFen(), bill.Amount + subsidyBilled);
            if (period is not null) Assert.True((period.Amount - period.Unrounded).Amount is >= -0.01m and <= 0.005m);
        }
    }

    /// <summary>
    /// Repays; a payoff of the accrued interest bills the subsidy, and the borrower's part of the accrued interest
    /// (net of what was paid ahead, a whole-分 amount) and the subsidy billed make that interest rounded.
    /// </summary>
    private static void RepayChecked(CreditLine line, decimal amount, SubsidyBudget budget)
    {
        var gross = line.GrossAccruedInterest.RoundToFen();
        var billedBefore = line.PendingSubsidyEvents.OfType<SubsidyBilled>().Count();
        var (_, allocation) = line.Repay(Guid.NewGuid(), amount, line.Today(), budget);
        var billed = line.PendingSubsidyEvents.OfType<SubsidyBilled>().Skip(billedBefore).SingleOrDefault();
        if (billed is null) return;
        Assert.Equal(gross, line.SubsidyMode == SubsidyMode.LenderClaims
            ? allocation.AccruedInterest + billed.Period.Amount
            : allocation.AccruedInterest);
    }
}
