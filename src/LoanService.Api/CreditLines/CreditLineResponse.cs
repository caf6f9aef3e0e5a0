using LoanService.Api.Setup;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>A credit line as owed on the current business date (API.md "Credit line fields").</summary>
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
    object? Subsidy)
{
    public static CreditLineResponse From(CreditLine line, LocalDate businessDate)
    {
        var payoff = line.PayoffOn(businessDate);
        return new CreditLineResponse(line.Id, line.BorrowerId, line.Status, line.Limit.Yuan(),
            line.AvailableOn(businessDate).Yuan(), line.AnnualRate.Value, line.TermMonths, line.StartDate,
            line.OriginalMaturityDate, line.MaturityDate, line.Principal.Yuan(), line.OverduePrincipal.Yuan(),
            payoff.AccruedInterest.Yuan(), line.BilledInterest.Yuan(), line.OverdueInterest.Yuan(),
            payoff.PenaltyInterest.Yuan(), payoff.Amount.Yuan(), line.DaysPastDueOn(businessDate),
            line.Classification, line.RenewedFromId, line.RenewedToId, Subsidy: null);
    }
}

public sealed record PayoffBreakdown(
    decimal PenaltyInterest,
    decimal OverdueInterest,
    decimal OverduePrincipal,
    decimal BilledInterest,
    decimal Principal,
    decimal AccruedInterest);

public sealed record PayoffQuoteResponse(LocalDate BusinessDate, decimal Amount, PayoffBreakdown Breakdown)
{
    public static PayoffQuoteResponse From(PayoffQuote q) => new(q.BusinessDate, q.Amount.Yuan(),
        new PayoffBreakdown(q.PenaltyInterest.Yuan(), q.OverdueInterest.Yuan(), q.OverduePrincipal.Yuan(),
            q.BilledInterest.Yuan(), q.Principal.Yuan(), q.AccruedInterest.Yuan()));
}

/// <summary>A page of a list: <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
