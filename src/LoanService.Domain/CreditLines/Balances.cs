namespace LoanService.Domain.CreditLines;

/// <summary>
/// A line's balances by component. Principal and interest items are whole 分; accrued interest
/// and penalty interest are unrounded accruals (see <see cref="Accrual"/>). Used both for a
/// line's balances and for the change a journal entry makes to them.
/// </summary>
public readonly record struct Balances(
    Money Principal,
    Money OverduePrincipal,
    Money AccruedInterest,
    Money BilledInterest,
    Money OverdueInterest,
    Money PenaltyInterest)
{
    public static readonly Balances Zero = default;

    public static Balances operator +(Balances a, Balances b) => new(
        a.Principal + b.Principal, a.OverduePrincipal + b.OverduePrincipal,
        a.AccruedInterest + b.AccruedInterest, a.BilledInterest + b.BilledInterest,
        a.OverdueInterest + b.OverdueInterest, a.PenaltyInterest + b.PenaltyInterest);

    public static Balances operator -(Balances a, Balances b) => new(
        a.Principal - b.Principal, a.OverduePrincipal - b.OverduePrincipal,
        a.AccruedInterest - b.AccruedInterest, a.BilledInterest - b.BilledInterest,
        a.OverdueInterest - b.OverdueInterest, a.PenaltyInterest - b.PenaltyInterest);

    public bool IsZero => this == Zero;
}
