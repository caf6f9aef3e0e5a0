using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record DrawRequest([Required, Range(0.01, 1_000_000_000)] decimal? Amount);

public sealed record DrawResponse(Guid TransactionId, LocalDate BusinessDate, decimal Amount, CreditLineResponse Line)
{
    public static DrawResponse From(Drawn d) =>
        new(d.Entry.Id, d.After.Today, d.Entry.Amount.Yuan(), CreditLineResponse.From(d.After));
}

/// <summary>支用: a money-moving request under <see cref="Postings"/>.</summary>
public static class Draw
{
    public static Task<IResult> Handle(Guid id, DrawRequest request, HttpContext http, Postings postings,
        LinePostingCases lines)
    {
        var amount = request.Amount ?? throw RequestValidationException.For("amount", "amount is required.");
        return postings.RunAsync(http, request, id, (target, ct) => lines.DrawAsync(target, amount, ct),
            drawn => new Posted(201, DrawResponse.From(drawn), $"/api/v1/credit-lines/{id}/transactions/{drawn.Entry.Id}"));
    }
}
