using LoanService.Domain.Borrowers;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Notices;

/// <summary>The notice as a receipt left it; <see cref="Changed"/> is false for a repeated or late receipt.</summary>
public sealed record ReceiptApplied(Guid NoticeId, SmsStatus Status, Instant? DeliveredAt, bool Changed);

/// <summary>
/// The provider's delivery receipt for one of our notices: applied through <see cref="SmsNotice.ApplyReceipt"/>
/// and saved. What the provider sends is masked before it is kept (it may quote the mobile number).
/// </summary>
public sealed class NoticeReceipts(LoanServiceDbContext db, IClock clock)
{
    public async Task<ReceiptApplied> ApplyAsync(Guid noticeId, ReceiptStatus status, string? providerMessageId,
        string? error, CancellationToken ct)
    {
        var notice = await db.SmsNotices.SingleOrDefaultAsync(n => n.Id == noticeId, ct)
            ?? throw new NotFoundException("sms_notice.not_found", $"SMS notice {noticeId} was not found.");
        var changed = notice.ApplyReceipt(status, providerMessageId is null ? null : PersonalData.Scrub(providerMessageId),
            error is null ? null : PersonalData.Scrub(error), clock.GetCurrentInstant());
        if (changed) await db.SaveChangesAsync(ct);
        return new ReceiptApplied(notice.Id, notice.Status, notice.DeliveredAt, changed);
    }
}
