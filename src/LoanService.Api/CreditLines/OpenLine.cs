using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Api.CreditLines;

public sealed record OpenLineRequest([Required] Guid? BorrowerId, [Required, Range(50_000, 200_000)] decimal? Limit,
    [Required, Range(0.000001, 0.24)] decimal? AnnualRate, [Required, Range(1, 60)] int? TermMonths, Guid? SubsidyProgramId);

public static class OpenLine
{
    public static async Task<IResult> Handle(OpenLineRequest request, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar, ProductSettings settings)
    {
        var caller = Caller.From(http.User);
        var borrowerId = request.BorrowerId ?? throw RequestValidationException.For("borrowerId", "borrowerId is required.");
        var limit = request.Limit ?? throw RequestValidationException.For("limit", "limit is required.");
        var rate = request.AnnualRate ?? throw RequestValidationException.For("annualRate", "annualRate is required.");
        var term = request.TermMonths ?? throw RequestValidationException.For("termMonths", "termMonths is required.");
        var borrower = await db.Borrowers.AsNoTracking().SingleOrDefaultAsync(b => b.Id == borrowerId);
        if (borrower is null || borrower.CooperativeId != caller.CooperativeId)
            throw new NotFoundException("borrower.not_found", $"Borrower {borrowerId} was not found.");

        var today = await calendar.CurrentAsync();
        var line = CreditLine.Open(Guid.NewGuid(), caller.CooperativeId, borrowerId, new Money(limit),
            new AnnualRate(rate), term, today, settings);
        var subsidies = SubsidyBudget.None;
        if (request.SubsidyProgramId is { } programId)
        {
            var program = await Subsidies.SubsidyProgramsApi.LoadAsync(db, caller, programId);
            line.EnrolInSubsidy(program, borrower, today);
            subsidies = new SubsidyBudget([program]);
        }
        db.CreditLines.Add(line);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/credit-lines/{line.Id}", CreditLineResponse.From(line, today, subsidies));
    }
}
