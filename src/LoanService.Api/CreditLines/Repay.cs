using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record RepaymentRequest([Required, Range(0.01, 1_000_000_000)] decimal? Amount);

/// <summary>The API's allocation (docs/rules.md §10): <c>interest</c> is billed (not overdue) plus accrued interest.</summary>
public sealed record AllocationResponse(decimal PenaltyInterest, decimal OverdueInterest, decimal OverduePrincipal,
    decimal Interest, decimal Principal)
{
    public static AllocationResponse From(RepaymentAllocation a) => new(a.PenaltyInterest.Yuan(), a.OverdueInterest.Yuan(),
        a.OverduePrincipal.Yuan(), a.Interest.Yuan(), a.Principal.Yuan());
}

public sealed record RepaymentResponse(Guid TransactionId, LocalDate BusinessDate, decimal Amount,
    AllocationResponse Allocation, CreditLineResponse Line)
{
    public static RepaymentResponse From(Repaid r) => new(r.Entry.Id, r.After.Today, r.Entry.Amount.Yuan(),
        AllocationResponse.From(r.Allocation), CreditLineResponse.From(r.After));
}

/// <summary>还款: a money-moving request under <see cref="Postings"/>.</summary>
public static class Repay
{
    public static Task<IResult> Handle(Guid id, RepaymentRequest request, HttpContext http, Postings postings,
        LinePostingCases lines)
    {
        var amount = request.Amount ?? throw RequestValidationException.For("amount", "amount is required.");
        return postings.RunAsync(http, request, id, (target, ct) => lines.RepayAsync(target, amount, ct),
            repaid => new Posted(201, RepaymentResponse.From(repaid),
                $"/api/v1/credit-lines/{id}/transactions/{repaid.Entry.Id}"));
    }
}
