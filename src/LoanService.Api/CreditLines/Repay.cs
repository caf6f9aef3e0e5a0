using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Api.CreditLines;

public sealed record RepaymentRequest([Required, Range(0.01, 1_000_000_000)] decimal? Amount);

/// <summary>The API's allocation (docs/rules.md §10): <c>interest</c> is billed (not overdue) plus accrued interest.</summary>
public sealed record AllocationResponse(decimal PenaltyInterest, decimal OverdueInterest, decimal OverduePrincipal,
    decimal Interest, decimal Principal);

public sealed record RepaymentResponse(Guid TransactionId, LocalDate BusinessDate, decimal Amount,
    AllocationResponse Allocation, CreditLineResponse Line);

public static class Repay
{
    public static async Task<IResult> Handle(Guid id, RepaymentRequest request, HttpContext http, LoanServiceDbContext db,
        Postings postings, IClock clock)
    {
        var caller = Caller.From(http.User);
        var amount = request.Amount ?? throw RequestValidationException.For("amount", "amount is required.");
        return await postings.RunAsync(http, caller, request, id, async target =>
        {
            var (line, recipient, today) = target;
            // Only paying off the line (step 6 in full is reached by the payoff amount alone) bills the
            // accrued subsidy and touches the programme's budget: only then is the programme locked. Quoted
            // without the programme, the payoff is at its lowest (the subsidy rounded up), so an amount
            // below that cannot be a payoff.
            var mayPayOff = !line.SubsidyAccrued.IsZero && amount >= line.PayoffOn(today).Amount.Amount;
            var budget = mayPayOff
                ? await SubsidyLedger.LoadAsync(db, [line], http.RequestAborted)
                : Domain.Subsidies.SubsidyBudget.None;
            var (entry, a) = line.Repay(Guid.NewGuid(), amount, today, budget);
            var now = clock.GetCurrentInstant();
            db.Journal.Add(JournalEntryRow.From(entry, now));
            await SubsidyLedger.AddAsync(db, line, line.TakeSubsidyEvents(), http.RequestAborted);
            NoticeOutbox.AddForPosting(db, NoticePlanner.RepaymentReceipt(line, entry, a), line, recipient, now);
            var allocation = new AllocationResponse(a.PenaltyInterest.Yuan(), a.OverdueInterest.Yuan(),
                a.OverduePrincipal.Yuan(), a.Interest.Yuan(), a.Principal.Yuan());
            return new Posted(201, new RepaymentResponse(entry.Id, today, entry.Amount.Yuan(), allocation,
                CreditLineResponse.From(line, today, mayPayOff ? budget : await SubsidyLedger.ReadAsync(db, [line], http.RequestAborted))),
                $"/api/v1/credit-lines/{id}/transactions/{entry.Id}");
        });
    }
}
