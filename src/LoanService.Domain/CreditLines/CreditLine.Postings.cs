using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.CreditLines;

/// <summary>
/// The six parts of a repayment, in the allocation order of docs/rules.md §3: how a repayment was split,
/// and how the payoff (<see cref="PayoffQuote"/>) would be. The one type for the order; <see cref="Balances"/>
/// is the state of a line, in the journal's column order, not an allocation.
/// </summary>
public readonly record struct RepaymentAllocation(
    Money PenaltyInterest,
    Money OverdueInterest,
    Money OverduePrincipal,
    Money BilledInterest,
    Money Principal,
    Money AccruedInterest)
{
    /// <summary>Billed (not overdue) plus accrued interest: the API's <c>interest</c>.</summary>
    public Money Interest => BilledInterest + AccruedInterest;

    /// <summary>The six parts together: the repayment's amount, or the payoff amount.</summary>
    public Money Total => PenaltyInterest + OverdueInterest + OverduePrincipal + BilledInterest + Principal + AccruedInterest;
}

public sealed partial class CreditLine
{
    /// <summary>
    /// 支用: lends <paramref name="amount"/> on <paramref name="businessDate"/>. Only an active line
    /// before maturity with nothing overdue may draw, and never beyond the available amount.
    /// </summary>
    public JournalEntry Draw(Guid transactionId, decimal amount, LocalDate businessDate)
    {
        var money = RequirePostedAmount(amount);
        RequireOpenDay(businessDate);
        if (Status == CreditLineStatus.Frozen)
            throw new DomainException(ErrorCodes.DrawLineFrozen, "The line is frozen; it takes no draws.");
        if (Status == CreditLineStatus.Matured || businessDate >= MaturityDate && Status == CreditLineStatus.Active)
            throw new DomainException(ErrorCodes.DrawPastMaturity,
                $"The line matures on {MaturityDate:yyyy-MM-dd}; draws must be before it.");
        if (Status != CreditLineStatus.Active)
            throw new DomainException(ErrorCodes.DrawLineNotActive, $"The line is {Status}; it takes no draws.");
        if (businessDate >= MaturityDate)
            throw new DomainException(ErrorCodes.DrawPastMaturity,
                $"The line matures on {MaturityDate:yyyy-MM-dd}; draws must be before it.");
        if (HasOverdue)
            throw new DomainException(ErrorCodes.DrawLineOverdue,
                "The line has overdue amounts (逾期冻结); it takes no draws until they are paid.");
        var available = AvailableOn(businessDate);
        if (money > available)
            throw new DomainException(ErrorCodes.DrawExceedsAvailable,
                $"Amount {money.ToYuanString()} exceeds the available {available.ToYuanString()}.");

        var before = Balances;
        Principal += money;
        return Record(businessDate, JournalEntryKind.Draw, money, before, transactionId);
    }

    /// <summary>
    /// 还款: takes <paramref name="amount"/> and pays penalty and compound interest, overdue interest,
    /// overdue principal, billed interest, principal and accrued interest, in that order. More than
    /// the payoff amount is refused. A line enrolled in a subsidy programme needs the programme in
    /// <paramref name="subsidies"/>: paying off the accrued interest bills and earns the subsidy accrued so far.
    /// </summary>
    public (JournalEntry Entry, RepaymentAllocation Allocation) Repay(Guid transactionId, decimal amount,
        LocalDate businessDate, ISubsidyBudget? subsidies = null)
    {
        var money = RequirePostedAmount(amount);
        RequireOpenDay(businessDate);
        if (!IsOpen)
            throw new DomainException(ErrorCodes.RepaymentLineClosed, $"The line is {Status}; nothing is owed on it.");
        var payoff = PayoffOn(businessDate, subsidies);
        if (money > payoff.Amount)
            throw new DomainException(ErrorCodes.RepaymentExceedsPayoff,
                $"Amount {money.ToYuanString()} exceeds the payoff amount {payoff.Amount.ToYuanString()}.");

        var before = Balances;
        var left = money;

        var penalty = Take(ref left, payoff.PenaltyInterest);
        if (penalty == payoff.PenaltyInterest)
            ClearPenalty();
        else
            PenaltyPaid += penalty;

        var overdueInterest = PayBills(ref left, overdue: true);
        var overduePrincipal = Take(ref left, OverduePrincipal);
        OverduePrincipal -= overduePrincipal;
        var billed = PayBills(ref left, overdue: false);
        var principal = Take(ref left, Principal);
        Principal -= principal;

        // Step 6 is reached only by what is left; a payoff always reaches it, sub-分 residue and all.
        var reachedAccrued = left.IsPositive || money == payoff.Amount;
        var accrued = Take(ref left, payoff.AccruedInterest);
        if (reachedAccrued && accrued == payoff.AccruedInterest)
        {
            // The period's interest is paid in full: its subsidy is billed now and, being paid, earned.
            if (!SubsidyAccrued.IsZero) BillSubsidy(businessDate, businessDate, subsidies ?? SubsidyBudget.None);
            ClearAccruedInterest();
        }
        else
        {
            InterestPaidAhead += accrued;
        }
        if (_pendingSubsidies.Count > 0) EarnPaidSubsidies(businessDate);

        if (businessDate >= MaturityDate && PayoffOn(businessDate, subsidies).Amount.IsZero)
            Status = CreditLineStatus.Closed;

        var entry = Record(businessDate, JournalEntryKind.Repayment, money, before, transactionId);
        return (entry, new RepaymentAllocation(penalty, overdueInterest, overduePrincipal, billed, principal, accrued));
    }

    /// <summary>
    /// Whether a repayment of <paramref name="amount"/> on <paramref name="businessDate"/> may bill the
    /// subsidy accrued so far, and so needs the programme's budget (locked): only paying off the line
    /// does (step 6 in full is reached by the payoff amount alone). Quoted without the programme, the
    /// payoff is at its lowest (the subsidy rounded up), so an amount below that cannot be a payoff.
    /// A line with no subsidy accrued never asks for the quote.
    /// </summary>
    public bool MayBillSubsidyOnRepayment(decimal amount, LocalDate businessDate) =>
        !SubsidyAccrued.IsZero && amount >= PayoffOn(businessDate).Amount.Amount;

    /// <summary>Stops draws. Only an active line can be frozen.</summary>
    public void Freeze()
    {
        if (Status != CreditLineStatus.Active)
            throw new DomainException(ErrorCodes.LineNotActive, $"Only an Active line can be frozen; this one is {Status}.");
        Status = CreditLineStatus.Frozen;
    }

    public void Unfreeze()
    {
        if (Status != CreditLineStatus.Frozen)
            throw new DomainException(ErrorCodes.LineNotFrozen, $"The line is {Status}, not Frozen.");
        Status = CreditLineStatus.Active;
    }

    private static Money Take(ref Money left, Money owed)
    {
        var paid = Money.Min(left, owed);
        if (paid.IsNegative) paid = Money.Zero;
        left -= paid;
        return paid;
    }

    private Money PayBills(ref Money left, bool overdue)
    {
        var paid = Money.Zero;
        for (var i = 0; i < _bills.Count && left.IsPositive; i++)
        {
            var bill = _bills[i];
            if (bill.Overdue != overdue) continue;
            var part = Take(ref left, bill.Unpaid);
            _bills[i] = bill.Pay(part);
            paid += part;
        }
        _bills.RemoveAll(b => b.Unpaid.IsZero);
        return paid;
    }

    /// <summary>A payment that covers the penalty owed (rounded to 分) clears it, residue and all.</summary>
    private void ClearPenalty()
    {
        PenaltyBalanceDays = 0m;
        PenaltyPaid = Money.Zero;
    }

    private void ClearAccruedInterest()
    {
        InterestBalanceDays = 0m;
        InterestCarried = Money.Zero;
        InterestPaidAhead = Money.Zero;
    }
}
