using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record RenewalRequest([Required, Range(50_000, 200_000)] decimal? Limit, [Required, Range(1, 60)] int? TermMonths,
    [Required, Range(0.000001, 0.24)] decimal? AnnualRate);

/// <summary>续贷: a money-moving request under <see cref="Postings"/>; the answer is the new line.</summary>
public static class Renew
{
    public static async Task<IResult> Handle(Guid id, RenewalRequest request, HttpContext http, LoanServiceDbContext db,
        Postings postings, ProductSettings settings, IClock clock)
    {
        var caller = Caller.From(http.User);
        var limit = request.Limit ?? throw RequestValidationException.For("limit", "limit is required.");
        var term = request.TermMonths ?? throw RequestValidationException.For("termMonths", "termMonths is required.");
        var rate = request.AnnualRate ?? throw RequestValidationException.For("annualRate", "annualRate is required.");
        return await postings.RunAsync(http, caller, request, id, async target =>
        {
            var (line, recipient, today) = target;
            var program = line.SubsidyProgramId is { } programId
                ? await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == programId)
                : null;
            var successor = line.Renew(Guid.NewGuid(), new Money(limit), new AnnualRate(rate), term, today, settings, program);
            db.CreditLines.Add(successor);
            await SubsidyLedger.AddAsync(db, line, line.TakeSubsidyEvents(), http.RequestAborted);
            await SubsidyLedger.AddAsync(db, successor, successor.TakeSubsidyEvents(), http.RequestAborted);
            var now = clock.GetCurrentInstant();
            foreach (var entry in line.TakePendingJournal().Concat(successor.TakePendingJournal()))
                db.Journal.Add(JournalEntryRow.From(entry, now));
            NoticeOutbox.AddForPosting(db, NoticePlanner.RenewalConfirmation(successor), successor, recipient, now);
            return new Posted(201,
                CreditLineResponse.From(successor, today, program is null ? SubsidyBudget.None : new SubsidyBudget([program])),
                $"/api/v1/credit-lines/{successor.Id}");
        });
    }
}
