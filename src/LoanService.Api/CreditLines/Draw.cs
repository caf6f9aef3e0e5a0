using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record DrawRequest([Required, Range(0.01, 1_000_000_000)] decimal? Amount);

public sealed record DrawResponse(Guid TransactionId, LocalDate BusinessDate, decimal Amount, CreditLineResponse Line);

public static class Draw
{
    public static async Task<IResult> Handle(Guid id, DrawRequest request, HttpContext http, LoanServiceDbContext db,
        Postings postings, IClock clock)
    {
        var caller = Caller.From(http.User);
        var amount = request.Amount ?? throw RequestValidationException.For("amount", "amount is required.");
        return await postings.RunAsync(http, caller, request, id, async target =>
        {
            var (line, recipient, today) = target;
            var entry = line.Draw(Guid.NewGuid(), amount, today);
            var now = clock.GetCurrentInstant();
            db.Journal.Add(JournalEntryRow.From(entry, now));
            NoticeOutbox.AddForPosting(db, NoticePlanner.DrawConfirmation(line, entry), line, recipient, now);
            var response = new DrawResponse(entry.Id, today, entry.Amount.Yuan(),
                CreditLineResponse.From(line, today, await SubsidyLedger.ReadAsync(db, [line], http.RequestAborted)));
            return new Posted(201, response, $"/api/v1/credit-lines/{id}/transactions/{entry.Id}");
        });
    }
}
