using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record ExtensionRequest([Required] LocalDate? NewMaturityDate, [Required, StringLength(500, MinimumLength = 1)] string? Reason);

/// <summary>展期: a money-moving request under <see cref="Postings"/>.</summary>
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
