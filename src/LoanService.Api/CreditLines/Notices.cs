using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>An SMS notice as the cooperative sees it: the text the borrower gets, and what happened to it.</summary>
public sealed record NoticeResponse(Guid Id, NoticeKind Kind, LocalDate BusinessDate, string Text, int Segments,
    SmsStatus Status, int Attempts, Instant NotBefore, Instant CreatedAt, Instant? SentAt, Instant? DeliveredAt,
    string? LastError)
{
    public static NoticeResponse From(SmsNotice n) => new(n.Id, n.Kind, n.BusinessDate, n.Text, n.Segments, n.Status,
        n.Attempts, n.NotBefore, n.CreatedAt, n.SentAt, n.DeliveredAt, n.LastError);
}

public static class Notices
{
    public static async Task<Ok<Page<NoticeResponse>>> Handle(Guid id, HttpContext http, CreditLineQueries lines,
        int? limit = null, string? cursor = null)
    {
        var caller = Caller.From(http.User);
        var size = Paging.Size(limit);
        var skip = Paging.ReadInt(cursor) ?? 0;
        var page = await lines.NoticesAsync(caller.CooperativeId, id, skip, size, http.RequestAborted);
        var items = page.Rows.Select(NoticeResponse.From).ToList();
        return TypedResults.Ok(new Page<NoticeResponse>(items,
            page.More ? Paging.Write((skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
    }
}
