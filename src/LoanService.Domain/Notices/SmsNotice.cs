using NodaTime;

namespace LoanService.Domain.Notices;

public enum SmsStatus
{
    /// <summary>Written to the outbox, waiting for its time (and 08:00–21:00 for reminders), or for its next attempt.</summary>
    Pending,
    /// <summary>Accepted by the SMS provider; waiting for its delivery receipt.</summary>
    Sent,
    /// <summary>The provider's receipt says the handset got it. Final.</summary>
    Delivered,
    /// <summary>Refused by the provider for good, every attempt failed, or its receipt says undeliverable.</summary>
    Failed,
}

/// <summary>What the provider's delivery receipt says became of a message.</summary>
public enum ReceiptStatus
{
    Delivered,
    Failed,
}

/// <summary>
/// An SMS notice to a borrower, from the outbox to the handset (docs/sms.md). Written
/// <see cref="SmsStatus.Pending"/> in the unit of work of the posting or close that caused it; then
/// <list type="bullet">
/// <item>the dispatcher <see cref="Claim">claims</see> an attempt (counted, with the backoff before the next one),
/// and records what the provider answered: <see cref="MarkSent">accepted</see>, a
/// <see cref="RecordRetryableFailure">passing failure</see> (still Pending, due again after the backoff) or a
/// <see cref="Fail">permanent one</see>; after the last attempt it <see cref="GiveUp">gives up</see>;</item>
/// <item>the provider's receipt (<see cref="ApplyReceipt"/>) says Delivered or Failed. Delivered is final; a
/// Failed receipt does not undo it, and a Delivered one overrules an earlier failure, since the provider's
/// word is what happened.</item>
/// </list>
/// The dispatcher's steps are only for a Pending notice: on any other they are refused with
/// <see cref="ErrorCodes.SmsNoticeNotPending"/> (a receipt may beat the dispatcher's record of a send, so the
/// dispatcher checks <see cref="IsPending"/> before recording). The mobile number is looked up when sending,
/// never stored here.
/// </summary>
public sealed class SmsNotice
{
    /// <summary>Longest provider message id kept.</summary>
    public const int ProviderMessageIdMaxLength = 100;

    /// <summary>Longest error kept.</summary>
    public const int ErrorMaxLength = 1000;

    /// <summary>Longest error of a receipt kept, after its <c>receipt: </c> prefix.</summary>
    public const int ReceiptErrorMaxLength = 900;

    private SmsStatus _status;

    public Guid Id { get; init; }
    public Guid LineId { get; init; }
    public Guid CooperativeId { get; init; }
    public Guid BorrowerId { get; init; }
    public NoticeKind Kind { get; init; }
    /// <summary>Unique: the same reason never makes two notices.</summary>
    public string DedupKey { get; init; } = "";
    public LocalDate BusinessDate { get; init; }
    /// <summary>The SMS as the borrower gets it, signature included.</summary>
    public string Text { get; init; } = "";
    public int Segments { get; init; }

    /// <summary>Not sent before this instant: at once for receipts, 08:00 Asia/Shanghai of the business date for reminders.</summary>
    public Instant NotBefore { get; init; }

    public Instant CreatedAt { get; init; }

    /// <summary>Set when written; from then on only this type's methods change it.</summary>
    public SmsStatus Status { get => _status; init => _status = value; }

    public int Attempts { get; private set; }
    public Instant? NextAttemptAt { get; private set; }
    public string? ProviderMessageId { get; private set; }
    public string? LastError { get; private set; }
    public Instant? SentAt { get; private set; }
    public Instant? DeliveredAt { get; private set; }

    /// <summary>Bumped by every change, the optimistic token: two dispatchers (or a dispatcher and a receipt) never both save one.</summary>
    public int Version { get; private set; }

    public bool IsPending => _status == SmsStatus.Pending;

    /// <summary>Whether the dispatcher may attempt it at <paramref name="now"/>: Pending, and its backoff over.</summary>
    public bool IsDueForAttempt(Instant now) => IsPending && !(NextAttemptAt > now);

    /// <summary>A notice of <paramref name="sms"/> for the outbox, due at <paramref name="notBefore"/>.</summary>
    public static SmsNotice Queue(Guid id, Guid lineId, Guid cooperativeId, Guid borrowerId, NoticeKind kind,
        string dedupKey, LocalDate businessDate, SmsText sms, Instant notBefore, Instant now) => new()
    {
        Id = id, LineId = lineId, CooperativeId = cooperativeId, BorrowerId = borrowerId, Kind = kind,
        DedupKey = dedupKey, BusinessDate = businessDate, Text = sms.Text, Segments = sms.Segments,
        Status = SmsStatus.Pending, CreatedAt = now, NotBefore = notBefore,
    };

    /// <summary>
    /// Claims the next attempt: counts it and sets when the one after may be made (<paramref name="backoff"/>
    /// from <paramref name="now"/>). Saved before sending, so a crash after the claim leaves the notice due
    /// again after the backoff. Refused unless the notice is due (Pending, its backoff over).
    /// </summary>
    public void Claim(Instant now, Duration backoff)
    {
        RequirePending();
        if (NextAttemptAt > now)
            throw new DomainException(ErrorCodes.SmsNoticeNotDue,
                $"The notice's next attempt is not before {NextAttemptAt}.");
        Attempts++;
        NextAttemptAt = now + backoff;
        Version++;
    }

    /// <summary>The provider accepted it (or already had it under this id): Sent, waiting for its receipt.</summary>
    public void MarkSent(string providerMessageId, Instant now)
    {
        RequirePending();
        _status = SmsStatus.Sent;
        SentAt = now;
        NextAttemptAt = null;
        LastError = null;
        if (providerMessageId.Length > 0) ProviderMessageId = Cut(providerMessageId, ProviderMessageIdMaxLength);
        Version++;
    }

    /// <summary>A failure that may pass: still Pending, due again at the backoff its claim set.</summary>
    public void RecordRetryableFailure(string reason)
    {
        RequirePending();
        LastError = Cut(reason, ErrorMaxLength);
        Version++;
    }

    /// <summary>Refused by the provider for good (or a retryable failure on the last attempt): Failed.</summary>
    public void Fail(string reason)
    {
        RequirePending();
        _status = SmsStatus.Failed;
        NextAttemptAt = null;
        LastError = Cut(reason, ErrorMaxLength);
        Version++;
    }

    /// <summary>Claimed as often as allowed without an answer recorded (crashes or gateway errors): Failed.</summary>
    public void GiveUp() => Fail(LastError ?? "no answer recorded");

    /// <summary>
    /// Applies the provider's receipt; returns whether it changed anything. A receipt repeated, or one
    /// after a final status (Delivered; Failed, unless this one says Delivered), changes nothing. A receipt
    /// can beat the dispatcher's record of the send, or follow a send it gave up on: the provider's word is
    /// what happened, so it is sent by then. <paramref name="providerMessageId"/> is kept when none is and it
    /// is plain text; <paramref name="error"/> must already be masked by the caller.
    /// </summary>
    public bool ApplyReceipt(ReceiptStatus receipt, string? providerMessageId, string? error, Instant now)
    {
        var final = _status == SmsStatus.Delivered || (_status == SmsStatus.Failed && receipt == ReceiptStatus.Failed);
        if (final) return false;
        SentAt ??= now;
        NextAttemptAt = null;
        if (providerMessageId is { Length: > 0 and <= ProviderMessageIdMaxLength } id && FreeText.IsClean(id))
            ProviderMessageId ??= id;
        if (receipt == ReceiptStatus.Delivered)
        {
            _status = SmsStatus.Delivered;
            DeliveredAt = now;
            LastError = null;
        }
        else
        {
            _status = SmsStatus.Failed;
            var text = error ?? "the provider could not deliver it";
            LastError = "receipt: " + Cut(text, ReceiptErrorMaxLength);
        }
        Version++;
        return true;
    }

    private void RequirePending()
    {
        if (_status != SmsStatus.Pending)
            throw new DomainException(ErrorCodes.SmsNoticeNotPending,
                $"The notice is {_status}; only a Pending notice is attempted or has an attempt recorded.");
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;
}
