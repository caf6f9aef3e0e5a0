using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record ExtensionRequest([Required] LocalDate? NewMaturityDate, [Required, StringLength(500, MinimumLength = 1)] string? Reason);

public sealed record RenewalRequest([Required, Range(50_000, 200_000)] decimal? Limit, [Required, Range(1, 60)] int? TermMonths,
    [Required, Range(0.000001, 0.24)] decimal? AnnualRate);

/// <summary>展期 and 续贷: both money-moving requests under <see cref="Postings"/>.</summary>
public static class Extend
{
    public static async Task<IResult> Handle(Guid id, ExtensionRequest request, HttpContext http, LoanServiceDbContext db,
        Postings postings, IClock clock)
    {
        var caller = Caller.From(http.User);
        var newMaturity = request.NewMaturityDate
                          ?? throw RequestValidationException.For("newMaturityDate", "newMaturityDate is required.");
        var reason = PersonalData.Scrub((request.Reason ?? "").Trim());
        if (reason.Length is 0 or > 500 || !FreeText.IsClean(reason))
            throw RequestValidationException.For("reason", "reason is required: 1–500 characters without control characters.");
        return await postings.RunAsync(http, caller, request, id, async target =>
        {
            var (line, recipient, today) = target;
            var entry = line.Extend(newMaturity, today);
            var now = clock.GetCurrentInstant();
            db.Journal.Add(JournalEntryRow.From(entry, now, note: reason));
            NoticeOutbox.AddForPosting(db, NoticePlanner.ExtensionConfirmation(line, entry), line, recipient, now);
            return new Posted(201, CreditLineResponse.From(line, today, await SubsidyLedger.ReadAsync(db, [line], http.RequestAborted)),
                $"/api/v1/credit-lines/{id}");
        });
    }
}

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
