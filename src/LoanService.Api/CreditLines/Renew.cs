using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Application.CreditLines;

namespace LoanService.Api.CreditLines;

public sealed record RenewalRequest([Required, Range(50_000, 200_000)] decimal? Limit, [Required, Range(1, 60)] int? TermMonths,
    [Required, Range(0.000001, 0.24)] decimal? AnnualRate);

/// <summary>续贷: a money-moving request under <see cref="Postings"/>; the answer is the new line.</summary>
public static class Renew
{
    public static Task<IResult> Handle(Guid id, RenewalRequest request, HttpContext http, Postings postings,
        LinePostingCases lines)
    {
        var limit = request.Limit ?? throw RequestValidationException.For("limit", "limit is required.");
        var term = request.TermMonths ?? throw RequestValidationException.For("termMonths", "termMonths is required.");
        var rate = request.AnnualRate ?? throw RequestValidationException.For("annualRate", "annualRate is required.");
        return postings.RunAsync(http, request, id, (target, ct) => lines.RenewAsync(target, limit, term, rate, ct),
            successor => new Posted(201, CreditLineResponse.From(successor), $"/api/v1/credit-lines/{successor.Line.Id}"));
    }
}
