using LoanService.Api.Setup;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>Balances by component, in yuan rounded to 分 for display.</summary>
public sealed record BalancesResponse(decimal Principal, decimal OverduePrincipal, decimal AccruedInterest,
    decimal BilledInterest, decimal OverdueInterest, decimal PenaltyInterest)
{
    public static BalancesResponse From(Balances b) => new(b.Principal.Yuan(), b.OverduePrincipal.Yuan(),
        b.AccruedInterest.Yuan(), b.BilledInterest.Yuan(), b.OverdueInterest.Yuan(), b.PenaltyInterest.Yuan());
}

public sealed record TransactionResponse(Guid Id, int Sequence, LocalDate BusinessDate, JournalEntryKind Kind,
    decimal Amount, BalancesResponse Change, BalancesResponse BalancesAfter, string? Note, Instant RecordedAt);

public static class Transactions
{
    public static async Task<Ok<Page<TransactionResponse>>> Handle(Guid id, HttpContext http, LoanServiceDbContext db,
        int? limit = null, string? cursor = null)
    {
        var line = await CreditLinesApi.LoadAsync(db, Caller.From(http.User), id, track: false);
        var size = Paging.Size(limit);
        var after = Paging.ReadInt(cursor) ?? 0;
        var rows = await db.Journal.AsNoTracking()
            .Where(e => e.LineId == line.Id && e.Sequence > after)
            .OrderBy(e => e.Sequence).Take(size + 1).ToListAsync();
        var items = rows.Take(size).Select(r => new TransactionResponse(r.Id, r.Sequence, r.BusinessDate, r.Kind,
            JsonSetup.Yuan(r.Amount), BalancesResponse.From(r.Change),
            BalancesResponse.From(r.After), r.Note, r.RecordedAt)).ToList();
        return TypedResults.Ok(new Page<TransactionResponse>(items,
            rows.Count > size ? Paging.Write(items[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
    }
}
