using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Application.CreditLines;

namespace LoanService.Api.CreditLines;

public sealed record OpenLineRequest([Required] Guid? BorrowerId, [Required, Range(50_000, 200_000)] decimal? Limit,
    [Required, Range(0.000001, 0.24)] decimal? AnnualRate, [Required, Range(1, 60)] int? TermMonths, Guid? SubsidyProgramId);

/// <summary>授信.</summary>
public static class OpenLine
{
    public static async Task<IResult> Handle(OpenLineRequest request, HttpContext http, CreditLineCases lines)
    {
        var caller = Caller.From(http.User);
        var borrowerId = request.BorrowerId ?? throw RequestValidationException.For("borrowerId", "borrowerId is required.");
        var limit = request.Limit ?? throw RequestValidationException.For("limit", "limit is required.");
        var rate = request.AnnualRate ?? throw RequestValidationException.For("annualRate", "annualRate is required.");
        var term = request.TermMonths ?? throw RequestValidationException.For("termMonths", "termMonths is required.");
        var opened = await lines.OpenAsync(caller.CooperativeId,
            new LineTerms(borrowerId, limit, rate, term, request.SubsidyProgramId), http.RequestAborted);
        return TypedResults.Created($"/api/v1/credit-lines/{opened.Line.Id}", CreditLineResponse.From(opened));
    }
}
