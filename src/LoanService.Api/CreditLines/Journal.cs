using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>Balances by component, in yuan rounded to 分 for display.</summary>
public sealed record BalancesResponse(decimal Principal, decimal OverduePrincipal, decimal AccruedInterest,
    decimal BilledInterest, decimal OverdueInterest, decimal PenaltyInterest)
{
    public static BalancesResponse From(Balances b) => new(b.Principal.Yuan(), b.OverduePrincipal.Yuan(),
        b.AccruedInterest.Yuan(), b.BilledInterest.Yuan(), b.OverdueInterest.Yuan(), b.PenaltyInterest.Yuan());
}

/// <summary>
/// A journal entry as the API shows it. The wire keeps the contract's names (<c>/transactions</c>,
/// <c>transactionId</c>, this schema's name): to a partner an entry is the transaction it records.
/// </summary>
/// <remarks>
/// <c>accruedBefore</c>: the interest and penalty interest accrued over the days before the entry on which
/// nothing else happened to the line (the journal keeps events, not nights); it is within <c>change</c>.
/// </remarks>
public sealed record TransactionResponse(Guid Id, int Sequence, LocalDate BusinessDate, JournalEntryKind Kind,
    decimal Amount, decimal AccruedBefore, BalancesResponse Change, BalancesResponse BalancesAfter, string? Note,
    Instant RecordedAt)
{
    public static TransactionResponse From(JournalEntryRow r) => new(r.Id, r.Sequence, r.BusinessDate, r.Kind,
        JsonSetup.Yuan(r.Amount), JsonSetup.Yuan(r.AccruedBefore), BalancesResponse.From(r.Change),
        BalancesResponse.From(r.After), r.Note, r.RecordedAt);
}

/// <summary>A line's journal (<c>GET …/transactions</c>), oldest first, paged by sequence.</summary>
public static class Journal
{
    public static async Task<Ok<Page<TransactionResponse>>> Handle(Guid id, HttpContext http, CreditLineQueries lines,
        int? limit = null, string? cursor = null)
    {
        var caller = Caller.From(http.User);
        var size = Paging.Size(limit);
        var after = Paging.ReadInt(cursor) ?? 0;
        var page = await lines.JournalAsync(caller.CooperativeId, id, after, size, http.RequestAborted);
        var items = page.Rows.Select(TransactionResponse.From).ToList();
        return TypedResults.Ok(new Page<TransactionResponse>(items,
            page.More ? Paging.Write(items[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
    }
}
