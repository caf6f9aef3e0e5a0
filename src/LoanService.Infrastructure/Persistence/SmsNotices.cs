using LoanService.Domain.Notices;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

public enum SmsStatus
{
    /// <summary>Written to the outbox, waiting for its time (and 08:00–21:00 for reminders).</summary>
    Pending,
    /// <summary>Accepted by the SMS provider; waiting for its delivery receipt.</summary>
    Sent,
    /// <summary>The provider's receipt says the handset got it.</summary>
    Delivered,
    /// <summary>Refused by the provider for good, or every retry failed.</summary>
    Failed,
}

/// <summary>
/// The SMS outbox: a notice is written in the same transaction as the posting or close that causes
/// it, and the dispatcher sends it later. <see cref="DedupKey"/> is unique: the same reason never
/// makes two notices. The mobile number is looked up when sending, never stored here.
/// </summary>
public sealed class SmsNotice
{
    public Guid Id { get; set; }
    public Guid LineId { get; set; }
    public Guid CooperativeId { get; set; }
    public Guid BorrowerId { get; set; }
    public NoticeKind Kind { get; set; }
    public string DedupKey { get; set; } = "";
    public LocalDate BusinessDate { get; set; }
    public string Text { get; set; } = "";
    public int Segments { get; set; }

    /// <summary>Not sent before this instant: at once for receipts, 08:00 Asia/Shanghai of the business date for reminders.</summary>
    public Instant NotBefore { get; set; }

    public SmsStatus Status { get; set; }
    public int Attempts { get; set; }
    public Instant? NextAttemptAt { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? LastError { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant? SentAt { get; set; }
    public Instant? DeliveredAt { get; set; }

    /// <summary>Bumped by every claim by the dispatcher, so two dispatchers never send one notice at once.</summary>
    public int Version { get; set; }
}
