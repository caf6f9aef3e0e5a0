using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using LoanService.Domain;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record ExtensionRequest([Required] LocalDate? NewMaturityDate, [Required, StringLength(FreeText.ReasonMaxLength, MinimumLength = 1)] string? Reason);

/// <summary>展期: a money-moving request under <see cref="Postings"/>.</summary>
public static class Extend
{
    public static Task<IResult> Handle(Guid id, ExtensionRequest request, HttpContext http, Postings postings,
        LinePostingCases lines)
    {
        var newMaturity = request.NewMaturityDate
                          ?? throw RequestValidationException.For("newMaturityDate", "newMaturityDate is required.");
        if (FreeText.Reason(request.Reason) is not { Length: > 0 } reason)
            throw RequestValidationException.For("reason", "reason is required: 1–500 characters without control characters.");
        return postings.RunAsync(http, request, id, (target, ct) => lines.ExtendAsync(target, newMaturity, reason, ct),
            line => new Posted(201, CreditLineResponse.From(line), $"/api/v1/credit-lines/{id}"));
    }
}
