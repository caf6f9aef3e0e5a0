using LoanService.Api.Setup;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>An SMS notice as the cooperative sees it: the text the borrower gets, and what happened to it.</summary>
public sealed record NoticeResponse(Guid Id, NoticeKind Kind, LocalDate BusinessDate, string Text, int Segments,
    SmsStatus Status, int Attempts, Instant NotBefore, Instant CreatedAt, Instant? SentAt, Instant? DeliveredAt,
    string? LastError);

public static class Notices
{
    public static async Task<Ok<Page<NoticeResponse>>> Handle(Guid id, HttpContext http, LoanServiceDbContext db,
        int? limit = null, string? cursor = null)
    {
        var line = await CreditLinesApi.LoadAsync(db, Caller.From(http.User), id, track: false);
        var size = Paging.Size(limit);
        var skip = Paging.ReadInt(cursor) ?? 0;
        var rows = await db.SmsNotices.AsNoTracking().Where(n => n.LineId == line.Id)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Skip(skip).Take(size + 1).ToListAsync();
        var items = rows.Take(size).Select(n => new NoticeResponse(n.Id, n.Kind, n.BusinessDate, n.Text, n.Segments,
            n.Status, n.Attempts, n.NotBefore, n.CreatedAt, n.SentAt, n.DeliveredAt, n.LastError)).ToList();
        return TypedResults.Ok(new Page<NoticeResponse>(items,
            rows.Count > size ? Paging.Write((skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
    }
}
