using NodaTime;

namespace LoanService.Domain.CreditLines;

public enum JournalEntryKind
{
    /// <summary>Principal lent (支用).</summary>
    Draw,
    /// <summary>Money received (还款), split by the allocation order.</summary>
    Repayment,
    /// <summary>A day's close: ordinary interest and penalty/compound interest accrued.</summary>
    Accrual,
    /// <summary>Accrued interest billed at settlement or maturity (结息).</summary>
    InterestBilled,
    /// <summary>Unpaid principal or billed interest turned overdue at a close.</summary>
    TurnedOverdue,
    /// <summary>Maturity moved later (展期); no balance changes, <see cref="JournalEntry.Amount"/> is zero.</summary>
    Extension,
    /// <summary>Balance moved out of a line closed by a renewal.</summary>
    RenewedOut,
    /// <summary>Balance moved into a line opened by a renewal.</summary>
    RenewedIn,
    /// <summary>直接贴息: the borrower's part went overdue, so the period's subsidy is forfeited and owed by the borrower.</summary>
    SubsidyForfeited,
}

/// <summary>
/// One immutable journal line. <see cref="Change"/> is what it did to each balance and
/// <see cref="After"/> the balances after it, so the sum of a line's changes equals its balances.
/// Entries are never changed or deleted.
/// </summary>
/// <param name="Amount">The cash amount for a draw or repayment; otherwise the entry's main figure.</param>
public sealed record JournalEntry(
    Guid Id,
    Guid LineId,
    int Sequence,
    LocalDate BusinessDate,
    JournalEntryKind Kind,
    Money Amount,
    Balances Change,
    Balances After)
{
    /// <summary>
    /// Interest and penalty interest accrued since the entry before, over days on which nothing else
    /// happened to the line, taken into this entry's <see cref="Change"/> (the event-driven close keeps
    /// no entry for them of their own). Zero for an entry right after another, and for an accrual entry.
    /// </summary>
    public Money Accrued { get; init; }
}
