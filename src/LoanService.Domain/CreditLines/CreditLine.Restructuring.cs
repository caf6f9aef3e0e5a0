using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.CreditLines;

public sealed partial class CreditLine
{
    /// <summary>
    /// The latest maturity any extension may reach (《贷款通则》第十二条): cumulative extension ≤ the
    /// original term for terms up to 12 months, ≤ half of it (whole months, rounded down) up to 60
    /// months, ≤ 36 months beyond.
    /// </summary>
    public LocalDate LatestExtendedMaturity => OriginalMaturityDate.PlusMonths(TermMonths switch
    {
        <= 12 => TermMonths,
        <= 60 => TermMonths / 2,
        _ => 36,
    });

    /// <summary>
    /// 展期: moves maturity to <paramref name="newMaturityDate"/>. Asked on or before the maturity
    /// date, with nothing overdue; the line then takes no new draws (只还不借).
    /// </summary>
    public JournalEntry Extend(LocalDate newMaturityDate, LocalDate businessDate)
    {
        RequireOpenDay(businessDate);
        if (Status == CreditLineStatus.Matured || businessDate > MaturityDate)
            throw new DomainException(ErrorCodes.ExtensionAfterMaturity,
                $"An extension must be asked for on or before the maturity date {MaturityDate:yyyy-MM-dd}.");
        if (Status is not (CreditLineStatus.Active or CreditLineStatus.Frozen or CreditLineStatus.Extended))
            throw new DomainException(ErrorCodes.ExtensionNotAllowed, $"A {Status} line cannot be extended.");
        if (HasOverdue)
            throw new DomainException(ErrorCodes.ExtensionLineOverdue, "A line with overdue amounts cannot be extended.");
        if (newMaturityDate <= MaturityDate)
            throw new DomainException(ErrorCodes.ExtensionNotLater,
                $"The new maturity date must be after {MaturityDate:yyyy-MM-dd}.", RefusalKind.Invalid)
            { Field = "newMaturityDate" };
        if (newMaturityDate > LatestExtendedMaturity)
            throw new DomainException(ErrorCodes.ExtensionExceedsLimit,
                $"Extensions of a {TermMonths}-month line may reach {LatestExtendedMaturity:yyyy-MM-dd} at the latest.")
            { Field = "newMaturityDate" };

        var before = Balances;
        MaturityDate = newMaturityDate;
        Status = CreditLineStatus.Extended;
        return Record(businessDate, JournalEntryKind.Extension, Money.Zero, before);
    }

    /// <summary>
    /// 续贷 (无还本续贷): opens a new line for the same borrower on <paramref name="businessDate"/>, moves
    /// the outstanding principal and the accrued unbilled interest to it, and closes this one as
    /// Renewed. Allowed from the renewal window before maturity to the maturity date, with nothing
    /// overdue and all billed interest and penalty paid. A subsidy enrolment moves with the balances
    /// (the line's <paramref name="program"/> must be given); the new rate sets the new subsidy rate.
    /// </summary>
    public CreditLine Renew(Guid newLineId, Money newLimit, AnnualRate newRate, int newTermMonths,
        LocalDate businessDate, ProductSettings settings, SubsidyProgram? program = null)
    {
        RequireOpenDay(businessDate);
        if (Status is not (CreditLineStatus.Active or CreditLineStatus.Frozen or CreditLineStatus.Extended))
            throw new DomainException(ErrorCodes.RenewalNotAllowed, $"A {Status} line cannot be renewed.");
        var windowOpens = MaturityDate.PlusDays(-settings.RenewalWindowDays);
        if (businessDate < windowOpens || businessDate > MaturityDate)
            throw new DomainException(ErrorCodes.RenewalOutsideWindow,
                $"A renewal may be asked for from {windowOpens:yyyy-MM-dd} to {MaturityDate:yyyy-MM-dd}.");
        if (HasOverdue)
            throw new DomainException(ErrorCodes.RenewalLineOverdue, "A line with overdue amounts cannot be renewed.");
        if (BilledInterest.IsPositive || PenaltyInterest.RoundToFen().IsPositive)
            throw new DomainException(ErrorCodes.RenewalInterestUnpaid,
                $"Billed interest {BilledInterest.ToYuanString()} must be paid before a renewal.");
        ValidateLimit(newLimit, "limit");
        if (newLimit < Principal)
            throw new DomainException(ErrorCodes.RenewalLimitBelowPrincipal,
                $"The new limit {newLimit.ToYuanString()} must cover the outstanding principal {Principal.ToYuanString()}.")
            { Field = "limit" };

        var successor = Open(newLineId, CooperativeId, BorrowerId, newLimit, newRate, newTermMonths, businessDate, settings);
        successor.RenewedFromId = Id;
        var principal = Principal;
        var accrued = GrossAccruedInterest;

        var before = Balances;
        CarrySubsidyTo(successor, program, businessDate);
        Principal = Money.Zero;
        ClearAccruedInterest();
        ClearPenalty();
        Status = CreditLineStatus.Renewed;
        RenewedToId = newLineId;
        Record(businessDate, JournalEntryKind.RenewedOut, principal, before);

        successor.Principal = principal;
        successor.InterestCarried = accrued;
        successor.Record(businessDate, JournalEntryKind.RenewedIn, principal, Balances.Zero);
        return successor;
    }
}
