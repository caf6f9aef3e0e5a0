using LoanService.Api.Setup;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record DrawRequest(decimal? Amount);

public sealed record DrawResponse(Guid TransactionId, LocalDate BusinessDate, decimal Amount, CreditLineResponse Line);

public static class Draw
{
    public static async Task<IResult> Handle(Guid id, DrawRequest request, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar, Postings postings, IClock clock)
    {
        var caller = Caller.From(http.User);
        var amount = request.Amount ?? throw RequestValidationException.For("amount", "amount is required.");
        return await postings.RunAsync(http, caller, request, async () =>
        {
            var line = await CreditLinesApi.LoadForPostingAsync(db, caller, id);
            var today = await calendar.CurrentAsync();
            var entry = line.Draw(Guid.NewGuid(), amount, today);
            var now = clock.GetCurrentInstant();
            db.Journal.Add(JournalEntryRow.From(entry, now));
            await NoticeOutbox.AddAsync(db, [NoticePlanner.DrawConfirmation(line, entry)], now);
            return new Posted(201, new DrawResponse(entry.Id, today, entry.Amount.Yuan(), CreditLineResponse.From(line, today)),
                $"/api/v1/credit-lines/{id}/transactions/{entry.Id}");
        });
    }
}
