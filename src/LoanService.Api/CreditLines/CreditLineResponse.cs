using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>A credit line as owed on the current business date (docs/rules.md §10).</summary>
public sealed record CreditLineResponse(
    Guid Id,
    Guid BorrowerId,
    CreditLineStatus Status,
    decimal Limit,
    decimal Available,
    decimal AnnualRate,
    int TermMonths,
    LocalDate StartDate,
    LocalDate OriginalMaturityDate,
    LocalDate MaturityDate,
    decimal Principal,
    decimal OverduePrincipal,
    decimal AccruedInterest,
    decimal BilledInterest,
    decimal OverdueInterest,
    decimal PenaltyInterest,
    decimal PayoffAmount,
    int DaysPastDue,
    Classification Classification,
    Guid? RenewedFromId,
    Guid? RenewedToId,
    LineSubsidyResponse? Subsidy)
{
    /// <summary>The line as a use case left it, on its business date.</summary>
    public static CreditLineResponse From(LineAfter line) => From(line.Line, line.Today, line.Subsidies);

    /// <summary>The line on <paramref name="businessDate"/>; <paramref name="subsidies"/> holds its programme, if enrolled.</summary>
    public static CreditLineResponse From(CreditLine line, LocalDate businessDate, ISubsidyBudget subsidies)
    {
        var payoff = line.PayoffOn(businessDate, subsidies);
        return new CreditLineResponse(line.Id, line.BorrowerId, line.Status, line.Limit.Yuan(),
            line.AvailableOn(businessDate).Yuan(), line.AnnualRate.Value, line.TermMonths, line.StartDate,
            line.OriginalMaturityDate, line.MaturityDate, line.Principal.Yuan(), line.OverduePrincipal.Yuan(),
            payoff.AccruedInterest.Yuan(), line.BilledInterest.Yuan(), line.OverdueInterest.Yuan(),
            payoff.PenaltyInterest.Yuan(), payoff.Amount.Yuan(), line.DaysPastDueOn(businessDate),
            line.Classification, line.RenewedFromId, line.RenewedToId, LineSubsidyResponse.From(line));
    }
}

/// <summary>
/// A line's subsidy enrolment: <c>annualRate</c> is the line's subsidy rate; <c>accrued</c> the subsidy
/// accrued since the last settlement (rounded to 分 for display; in <c>LenderClaims</c> the line's
/// <c>accruedInterest</c> is already net of it); <c>billedNotEarned</c> waits for the borrower's part.
/// </summary>
public sealed record LineSubsidyResponse(Guid ProgramId, LoanService.Domain.Subsidies.SubsidyMode Mode,
    decimal AnnualRate, decimal PrincipalCap, decimal Accrued, decimal BilledNotEarned)
{
    public static LineSubsidyResponse? From(CreditLine line) => line.SubsidyProgramId is not { } programId
        ? null
        : new LineSubsidyResponse(programId, line.SubsidyMode!.Value, Decimals.Trimmed(line.SubsidyRate),
            line.SubsidyCap.Yuan(), line.SubsidyAccrued.Yuan(),
            MoneyEnumerable.Sum(line.PendingSubsidies, p => p.Amount).Yuan());
}

/// <summary>The six parts of a repayment in the allocation order, in yuan rounded to 分 for display.</summary>
public sealed record PayoffBreakdown(
    decimal PenaltyInterest,
    decimal OverdueInterest,
    decimal OverduePrincipal,
    decimal BilledInterest,
    decimal Principal,
    decimal AccruedInterest)
{
    public static PayoffBreakdown From(RepaymentAllocation a) => new(a.PenaltyInterest.Yuan(), a.OverdueInterest.Yuan(),
        a.OverduePrincipal.Yuan(), a.BilledInterest.Yuan(), a.Principal.Yuan(), a.AccruedInterest.Yuan());
}

public sealed record PayoffQuoteResponse(LocalDate BusinessDate, decimal Amount, PayoffBreakdown Breakdown)
{
    public static PayoffQuoteResponse From(PayoffQuote q) => new(q.BusinessDate, q.Amount.Yuan(), PayoffBreakdown.From(q.Parts));
}

/// <summary>A page of a list: <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
