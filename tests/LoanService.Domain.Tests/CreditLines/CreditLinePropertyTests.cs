using FsCheck;
using FsCheck.Fluent;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>
/// Invariants over random lives of a line: random terms, rates and settings, then random draws, repayments and
/// closed days over one to two years, ending past maturity.
/// </summary>
public class CreditLinePropertyTests
{
    private static readonly LocalDate Start = new(2026, 1, 5);

    private enum Step { Draw, Repay, Close, Payoff, OverPay, CloseAgain }

    private sealed record Op(Step Step, int Percent, int Days);

    private sealed record Life(int TermMonths, decimal Rate, decimal Limit, ProductSettings Settings, Op[] Ops)
    {
        public override string ToString() =>
            $"term {TermMonths}, rate {Rate}, limit {Limit}, {Settings.Frequency}, grace {Settings.GraceDays}: " +
            string.Join(", ", Ops.Select(o => $"{o.Step}({o.Percent}%,{o.Days}d)"));
    }

    private static readonly Gen<Op> OpGen =
        from step in Gen.Frequency(
            (4, Gen.Constant(Step.Draw)), (4, Gen.Constant(Step.Repay)), (8, Gen.Constant(Step.Close)),
            (1, Gen.Constant(Step.Payoff)), (1, Gen.Constant(Step.OverPay)), (1, Gen.Constant(Step.CloseAgain)))
        from percent in Gen.Choose(1, 100)
        from days in Gen.Choose(1, 45)
        select new Op(step, percent, days);

    private static readonly Arbitrary<Life> Lives = Arb.From(
        from term in Gen.Elements(1, 3, 6, 12, 18)
        from rate in Gen.Elements(0.0435m, 0.0365m, 0.043125m, 0.0001m, 0.24m, 0.0599m)
        from limitFen in Gen.Choose(5_000_000, 20_000_000)
        from quarterly in Gen.Elements(false, true)
        from grace in Gen.Choose(0, 5)
        from markup in Gen.Elements(0.3m, 0.5m, 0.4321m)
        from count in Gen.Choose(20, 80)
        from ops in Gen.ArrayOf(OpGen, count)
        select new Life(term, rate, limitFen / 100m, new ProductSettings
        {
            Frequency = quarterly ? SettlementFrequency.Quarterly : SettlementFrequency.Monthly,
            GraceDays = grace,
            PenaltyMarkup = markup,
        }.Validate(), ops));

    [Fact]
    public void RandomLife_EveryStep_KeepsBalancesNonNegativeWithinLimitAndJournalExact()
    {
        Prop.ForAll(Lives, life =>
        {
            var line = Live(life, (line, _) => AssertInvariants(line, life));
            // Past maturity, a payoff still leaves every balance at zero.
            line.CloseThrough(line.MaturityDate.PlusDays(30), life.Settings);
            AssertInvariants(line, life);
            PayOff(line);
            AssertInvariants(line, life);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomLife_PayoffAtAnyPoint_LeavesEveryBalanceZero()
    {
        Prop.ForAll(Lives, life =>
        {
            Live(life, (line, op) =>
            {
                if (op.Step != Step.Payoff) return;
                Assert.Equal(Balances.Zero, line.Balances);
                Assert.Equal(0m, line.PayoffOn(line.Today()).Amount.Amount);
                Assert.Equal(0, line.DaysPastDueOn(line.Today()));
            });
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomLife_ClosingTheSameDayTwice_IsRefusedAndChangesNothing()
    {
        Prop.ForAll(Lives, life =>
        {
            var line = Live(life, (line, op) =>
            {
                if (op.Step != Step.Close) return;
                line.AssertRefusedUnchanged(ErrorCodes.CloseAlreadyClosed,
                    () => line.CloseDay(line.LastClosedDate, life.Settings));
            });
            line.AssertRefusedUnchanged(ErrorCodes.CloseOutOfOrder,
                () => line.CloseDay(line.LastClosedDate.PlusDays(2), life.Settings));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomLife_AfterMaturityUnpaid_EverythingLeftIsOverdueAndNoOrdinaryInterestAccrues()
    {
        Prop.ForAll(Lives, life =>
        {
            var line = Live(life, (_, _) => { });
            line.CloseThrough(line.MaturityDate.PlusDays(1), life.Settings);
            Assert.Equal(0m, line.Principal.Amount);
            Assert.Equal(0m, line.BilledInterest.Amount);
            Assert.Equal(0m, line.AccruedInterest.Amount);
            var owed = line.PayoffOn(line.Today()).Amount;
            Assert.Equal(owed.IsZero ? CreditLineStatus.Closed : CreditLineStatus.Matured, line.Status);
            // every item still owed was due on or before maturity, and today is at least maturity + 2
            Assert.True(owed.IsZero ? line.DaysPastDueOn(line.Today()) == 0 : line.DaysPastDueOn(line.Today()) >= 2);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Plays the life's operations on a fresh line, calling <paramref name="after"/> after each one.</summary>
    private static CreditLine Live(Life life, Action<CreditLine, Op> after)
    {
        var line = Lines.Open(Start, life.Limit, life.Rate, life.TermMonths, life.Settings);
        foreach (var op in life.Ops)
        {
            var today = line.Today();
            switch (op.Step)
            {
                case Step.Draw:
                    var available = line.AvailableOn(today).Amount;
                    var draw = Math.Floor(available * op.Percent) / 100m;
                    if (draw > 0m) line.Draw(Guid.NewGuid(), draw, today);
                    break;
                case Step.Repay:
                    var payoff = line.PayoffOn(today).Amount.Amount;
                    var repay = Math.Max(0.01m, Math.Floor(payoff * op.Percent) / 100m);
                    if (payoff > 0m) line.Repay(Guid.NewGuid(), repay, today);
                    break;
                case Step.Close:
                    line.CloseThrough(line.LastClosedDate.PlusDays(op.Days), life.Settings);
                    break;
                case Step.Payoff:
                    PayOff(line);
                    break;
                case Step.OverPay:
                    var over = line.PayoffOn(today).Amount.Amount + 0.01m * op.Percent;
                    line.AssertRefusedUnchanged(line.IsOpen ? ErrorCodes.RepaymentExceedsPayoff : ErrorCodes.RepaymentLineClosed,
                        () => line.Repay(Guid.NewGuid(), over, today));
                    break;
                case Step.CloseAgain:
                    if (line.LastClosedDate >= Start)
                        line.AssertRefusedUnchanged(ErrorCodes.CloseAlreadyClosed,
                            () => line.CloseDay(line.LastClosedDate, life.Settings));
                    break;
            }
            after(line, op);
        }
        return line;
    }

    private static void PayOff(CreditLine line)
    {
        var amount = line.PayoffOn(line.Today()).Amount.Amount;
        if (amount > 0m) line.Repay(Guid.NewGuid(), amount, line.Today());
        Assert.Equal(Balances.Zero, line.Balances);
        Assert.Empty(line.Bills);
    }

    private static void AssertInvariants(CreditLine line, Life life)
    {
        var b = line.Balances;
        foreach (var part in new[] { b.Principal, b.OverduePrincipal, b.AccruedInterest, b.BilledInterest, b.OverdueInterest, b.PenaltyInterest })
            Assert.False(part.IsNegative, $"negative balance in {b} on {line.Today()} ({life})");
        Assert.True(b.Principal.IsWholeFen && b.OverduePrincipal.IsWholeFen && b.BilledInterest.IsWholeFen && b.OverdueInterest.IsWholeFen);
        Assert.True(b.Principal + b.OverduePrincipal <= line.Limit, $"principal above limit: {b}");
        Assert.Equal(line.Balances, line.JournalTotal());
        Assert.Equal(line.JournalSequence, line.PendingJournal.Count);
        Assert.Equal(Enumerable.Range(1, line.PendingJournal.Count), line.PendingJournal.Select(e => e.Sequence));
    }
}
