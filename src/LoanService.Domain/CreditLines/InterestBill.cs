using NodaTime;

namespace LoanService.Domain.CreditLines;

/// <summary>
/// Interest billed at a settlement or at maturity, in whole 分, and what of it is still unpaid.
/// It turns overdue at the close of <see cref="DueDate"/> plus the grace days (at maturity: at
/// the close of the maturity date itself).
/// </summary>
public readonly record struct InterestBill(LocalDate BilledOn, LocalDate DueDate, Money Unpaid, bool Overdue)
{
    public InterestBill Pay(Money amount) => this with { Unpaid = Unpaid - amount };
    public InterestBill TurnOverdue() => this with { Overdue = true };
}
