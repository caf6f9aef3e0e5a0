namespace LoanService.Infrastructure.Sms;

public enum SmsGatewayKind
{
    /// <summary>Appends each message to a file, mobile masked: the embedded default, sends nothing.</summary>
    File,
    /// <summary>A real provider over HTTPS with signed JSON requests.</summary>
    Http,
}

/// <summary>SMS settings: configuration section <c>Sms</c>.</summary>
public sealed class SmsOptions
{
    public SmsGatewayKind Gateway { get; set; } = SmsGatewayKind.File;

    /// <summary>Where <see cref="SmsGatewayKind.File"/> appends its JSON lines.</summary>
    public string OutboxFile { get; set; } = "data/sms-outbox.jsonl";

    /// <summary>The provider's base address; messages go to <c>{BaseUrl}/messages</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Our key id at the provider; receipts must be signed with the same key.</summary>
    public string? KeyId { get; set; }

    /// <summary>The shared HMAC secret. Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>Per HTTP attempt; a request that takes longer counts as a retryable failure.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Quick retries inside one send for transient errors (503, 429, timeouts), before the outbox's durable retry.</summary>
    public int RetriesPerSend { get; set; } = 2;

    /// <summary>Messages accepted by the provider per cooperative in any 60 seconds.</summary>
    public int RatePerCooperativePerMinute { get; set; } = 60;

    /// <summary>Sends attempted per notice before it is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The durable retry waits 2^attempts × this: 60 s, 120 s, 240 s … by default.</summary>
    public double RetryBaseSeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts.</summary>
    public double MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>Notices claimed per dispatcher run.</summary>
    public int BatchSize { get; set; } = 200;

    public SmsOptions Validate()
    {
        if (Gateway == SmsGatewayKind.Http &&
            (string.IsNullOrWhiteSpace(BaseUrl) || string.IsNullOrWhiteSpace(KeyId) || string.IsNullOrWhiteSpace(Secret)))
            throw new InvalidOperationException("Sms:Gateway Http needs Sms:BaseUrl, Sms:KeyId and Sms:Secret.");
        if (TimeoutSeconds <= 0 || RatePerCooperativePerMinute < 1 || MaxAttempts < 1 || RetryBaseSeconds <= 0
            || RetriesPerSend < 0 || BatchSize < 1)
            throw new InvalidOperationException(
                "Sms: TimeoutSeconds, RetryBaseSeconds must be positive; RatePerCooperativePerMinute, MaxAttempts, BatchSize at least 1.");
        return this;
    }
}
