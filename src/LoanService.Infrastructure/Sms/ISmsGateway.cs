using LoanService.Domain.Borrowers;

namespace LoanService.Infrastructure.Sms;

/// <summary>One SMS: <see cref="NoticeId"/> is the provider's client reference, so a resend is recognised.</summary>
public sealed record SmsMessage(Guid NoticeId, string Mobile, string Text)
{
    /// <summary>Never print the number itself.</summary>
    public override string ToString() => $"SmsMessage {{ NoticeId = {NoticeId}, Mobile = {MobileNumber.Mask(Mobile)} }}";
}

/// <summary>What the provider said about one send.</summary>
public abstract record SmsSendResult
{
    private SmsSendResult()
    {
    }

    /// <summary>Taken for delivery now.</summary>
    public sealed record Accepted(string ProviderMessageId) : SmsSendResult;

    /// <summary>The provider already had this client reference: an earlier send got through. Counts as sent.</summary>
    public sealed record AlreadyAccepted(string ProviderMessageId) : SmsSendResult;

    /// <summary>May succeed later (throttled, provider down, timed out).</summary>
    public sealed record RetryableFailure(string Reason) : SmsSendResult;

    /// <summary>Will never succeed (invalid number, rejected text).</summary>
    public sealed record PermanentFailure(string Reason) : SmsSendResult;
}

/// <summary>
/// A way out to handsets. Implementations answer transport and provider errors with a result;
/// an exception means a bug, and the dispatcher leaves the notice to its next attempt.
/// </summary>
public interface ISmsGateway
{
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken ct = default);
}
