using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// A line read to post to, inside the posting's transaction, in one query with everything else the
/// posting needs: the business date, its notice's recipient and the idempotency key's earlier
/// answer. On PostgreSQL the line's row is locked (<c>FOR UPDATE</c>) so that postings to one line
/// queue instead of colliding, and the calendar's row is shared so that the close waits for postings on
/// its date; SQLite's transactions serialize writers anyway.
/// </summary>
public static class LineForPosting
{
    private static string? _forUpdateSql;

    /// <summary>The line, tracked, and what goes with it; null when there is no such line.</summary>
    public static async Task<LoadedLine?> LoadAsync(LoanServiceDbContext db, Guid id, string scope, string? key,
        CancellationToken ct = default)
    {
        // A share of the calendar row until the posting commits: the close cannot move the business
        // date (nor find no line due, then move it) while a posting on the date it closes is under way.
        await BusinessCalendarStore.ShareAsync(db, ct);
        var lines = db.Database.IsNpgsql()
            ? db.CreditLines.FromSqlRaw(_forUpdateSql ??= ForUpdateSql(db.Model.FindEntityType(typeof(CreditLine))!),
                new NpgsqlParameter("id", id))
            : db.CreditLines.Where(l => l.Id == id);
        // (Scope, Key) is the records' primary key: the left join adds at most one row.
        var row = await (
                from l in lines
                from r in db.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key).DefaultIfEmpty()
                select new
                {
                    Line = l,
                    BusinessDate = db.BusinessCalendar.Where(c => c.Id == BusinessCalendar.SingletonId)
                        .Select(c => c.BusinessDate).First(),
                    OptedOut = db.Borrowers.Where(b => b.Id == l.BorrowerId).Select(b => b.SmsOptOut).FirstOrDefault(),
                    Signature = db.Cooperatives.Where(c => c.Id == l.CooperativeId).Select(c => c.Signature).FirstOrDefault(),
                    // Projected, not the entity: AsNoTracking here would untrack the line as well.
                    Earlier = r == null ? null : new EarlierAnswer(r.RequestHash, r.StatusCode, r.ResponseBody, r.Location),
                })
            .SingleOrDefaultAsync(ct);
        return row is null
            ? null
            : new LoadedLine(row.Line, new NoticeRecipient(row.OptedOut, row.Signature ?? ""), row.BusinessDate, row.Earlier);
    }

    /// <summary>
    /// The answer stored under the key, read on its own when a posting was refused or ran out of
    /// attempts; that posting's unit of work is abandoned, so its change tracker is cleared.
    /// </summary>
    public static Task<EarlierAnswer?> EarlierAnswerAsync(LoanServiceDbContext db, string scope, string key)
    {
        db.ChangeTracker.Clear();
        return db.IdempotencyRecords.AsNoTracking().Where(r => r.Scope == scope && r.Key == key)
            .Select(r => new EarlierAnswer(r.RequestHash, r.StatusCode, r.ResponseBody, r.Location)).SingleOrDefaultAsync();
    }

    /// <summary>
    /// The columns are named from the model rather than <c>SELECT *</c>: the statement is prepared
    /// once per connection (auto-prepare), and a prepared <c>SELECT *</c> fails once a migration adds
    /// a column to the table.
    /// </summary>
    private static string ForUpdateSql(IEntityType entity)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => p.GetColumnName(table)).OfType<string>().Distinct()
            .Select(c => $"\"{c}\"");
        return $"""SELECT {string.Join(", ", columns)} FROM "{table.Name}" WHERE "Id" = @id FOR UPDATE""";
    }
}

/// <summary>A line to post to and what the posting reads with it.</summary>
public sealed record LoadedLine(CreditLine Line, NoticeRecipient Recipient, NodaTime.LocalDate BusinessDate,
    EarlierAnswer? Earlier);

/// <summary>The answer stored under an idempotency key.</summary>
public sealed record EarlierAnswer(string RequestHash, int StatusCode, string ResponseBody, string? Location);
