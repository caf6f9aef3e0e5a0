using System.Text;
using LoanService.Infrastructure.Sms;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Tests.Sms;

/// <summary>The HTTP gateway against a real HTTP server on 127.0.0.1 that checks every signature.</summary>
public sealed class HttpSmsGatewayTests : IAsyncLifetime
{
    private readonly SettableClock _clock = SettableClock.AtShanghai(2026, 1, 5, 10, 0);
    private FakeSmsProvider _provider = null!;

    public Task InitializeAsync()
    {
        _provider = new FakeSmsProvider(_clock.GetCurrentInstant);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    // A generous timeout unless a test is about timing out: on a loaded machine the first request to a cold server can
    // take over a second, and a send that timed out before the provider counted it reads as a request never made.
    private HttpSmsGateway Gateway(int retries = 0, double timeout = 10.0, string secret = FakeSmsProvider.Secret) =>
        new(new HttpClient(), Options.Create(new SmsOptions
        {
            Gateway = SmsGatewayKind.Http, BaseUrl = _provider.BaseUrl, KeyId = FakeSmsProvider.KeyId, Secret = secret,
            TimeoutSeconds = timeout, RetriesPerSend = retries,
        }.Validate()), _clock);

    private static SmsMessage Message(string mobile = "13812345678") => new(Guid.NewGuid(), mobile, "【福鼎农信】测试短信。");

    [Fact]
    public async Task SendAsync_SignedRequest_IsAcceptedWithTheProvidersMessageId()
    {
        var message = Message();

        var result = await Gateway().SendAsync(message);

        var accepted = Assert.IsType<SmsSendResult.Accepted>(result);
        Assert.Equal(_provider.MessageIds[message.NoticeId.ToString()], accepted.ProviderMessageId);
        Assert.Equal(0, _provider.BadSignatures);
        var sent = Assert.Single(_provider.Messages);
        Assert.Equal(("13812345678", "【福鼎农信】测试短信。"), (sent.Mobile, sent.Text));
    }

    [Fact]
    public async Task SendAsync_SameNoticeTwice_SecondIsAlreadyAcceptedWithTheFirstId()
    {
        var message = Message();
        var first = Assert.IsType<SmsSendResult.Accepted>(await Gateway().SendAsync(message));

        var second = await Gateway().SendAsync(message);

        Assert.Equal(first.ProviderMessageId, Assert.IsType<SmsSendResult.AlreadyAccepted>(second).ProviderMessageId);
        Assert.Equal(1, _provider.Accepted[message.NoticeId.ToString()]);
    }

    [Fact]
    public async Task SendAsync_503ThenAccepted_RetriesWithinTheSend()
    {
        _provider.Decide = (n, _) => n == 1 ? ProviderBehaviour.Unavailable : ProviderBehaviour.Accept;

        var result = await Gateway(retries: 2).SendAsync(Message());

        Assert.IsType<SmsSendResult.Accepted>(result);
        Assert.Equal(2, _provider.Requests);
    }

    [Fact]
    public async Task SendAsync_Always503_IsRetryableAfterItsQuickRetries()
    {
        _provider.Decide = (_, _) => ProviderBehaviour.Unavailable;

        var result = await Gateway(retries: 2).SendAsync(Message());

        Assert.Contains("503", Assert.IsType<SmsSendResult.RetryableFailure>(result).Reason);
        Assert.Equal(3, _provider.Requests); // 1 + 2 retries
    }

    [Fact]
    public async Task SendAsync_ProviderTakesItButAnswersLate_TimesOutRetryable_AndTheResendIsAlreadyAccepted()
    {
        var message = Message();
        _provider.Decide = (n, _) => n == 1 ? ProviderBehaviour.AcceptThenHang : ProviderBehaviour.Accept;

        var late = await Gateway(timeout: 0.3).SendAsync(message);
        var again = await Gateway().SendAsync(message);

        Assert.Contains("no answer within 0.3 s", Assert.IsType<SmsSendResult.RetryableFailure>(late).Reason);
        Assert.IsType<SmsSendResult.AlreadyAccepted>(again);
        Assert.Equal(1, _provider.Accepted[message.NoticeId.ToString()]);
    }

    [Fact]
    public async Task SendAsync_InvalidNumber_IsPermanent_AndTheReasonMasksTheNumber()
    {
        _provider.Decide = (_, _) => ProviderBehaviour.RejectNumber;

        var result = await Gateway(retries: 2).SendAsync(Message("13900001111"));

        var reason = Assert.IsType<SmsSendResult.PermanentFailure>(result).Reason;
        Assert.Contains("invalid_number", reason);
        Assert.Contains("139****1111", reason);
        Assert.DoesNotContain("13900001111", reason);
        Assert.Equal(1, _provider.Requests); // never retried
    }

    [Fact]
    public async Task SendAsync_WrongSecret_IsRefusedByTheProvider_Permanent()
    {
        var result = await Gateway(secret: "not-the-secret").SendAsync(Message());

        Assert.Contains("401", Assert.IsType<SmsSendResult.PermanentFailure>(result).Reason);
        Assert.Equal(1, _provider.BadSignatures);
    }

    [Fact]
    public async Task SendAsync_NobodyListening_IsRetryable()
    {
        await _provider.DisposeAsync();

        var result = await Gateway().SendAsync(Message());

        Assert.IsType<SmsSendResult.RetryableFailure>(result);
        _provider = new FakeSmsProvider(_clock.GetCurrentInstant);
    }
}

public sealed class SmsSignatureTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 5, 2, 0);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"clientReference\":\"x\"}");

    private static bool Verify(SmsSignatureHeaders h, byte[] body, Instant now, SmsNonces? nonces = null, string secret = "s3cret") =>
        SmsSignature.Verify(h.KeyId, h.Timestamp, h.Nonce, h.ContentSha256, h.Signature, body, "key-1", secret, now,
            nonces ?? new SmsNonces());

    [Fact]
    public void Verify_FreshlySigned_IsTrue() => Assert.True(Verify(SmsSignature.Sign("key-1", "s3cret", Now, Body), Body, Now));

    [Fact]
    public void Verify_OtherBody_IsFalse() =>
        Assert.False(Verify(SmsSignature.Sign("key-1", "s3cret", Now, Body), Encoding.UTF8.GetBytes("{}"), Now));

    [Fact]
    public void Verify_OtherSecret_IsFalse() =>
        Assert.False(Verify(SmsSignature.Sign("key-1", "s3cret", Now, Body), Body, Now, secret: "other"));

    [Fact]
    public void Verify_OtherKeyId_IsFalse() =>
        Assert.False(Verify(SmsSignature.Sign("key-2", "s3cret", Now, Body), Body, Now));

    [Fact]
    public void Verify_TimestampWithinFiveMinutes_IsTrue_Beyond_IsFalse()
    {
        var signed = SmsSignature.Sign("key-1", "s3cret", Now, Body);
        Assert.True(Verify(signed, Body, Now + Duration.FromMinutes(5)));
        Assert.False(Verify(signed, Body, Now + Duration.FromMinutes(5) + Duration.FromSeconds(1)));
        Assert.False(Verify(signed, Body, Now - Duration.FromMinutes(5) - Duration.FromSeconds(1)));
    }

    [Fact]
    public void Verify_ReplayedNonce_IsFalse()
    {
        var nonces = new SmsNonces();
        var signed = SmsSignature.Sign("key-1", "s3cret", Now, Body);
        Assert.True(Verify(signed, Body, Now, nonces));
        Assert.False(Verify(signed, Body, Now, nonces));
    }

    [Fact]
    public void Verify_MissingHeader_IsFalse() =>
        Assert.False(SmsSignature.Verify("key-1", null, "nonce-123456", "x", "y", Body, "key-1", "s3cret", Now, new SmsNonces()));

    [Fact]
    public void Compute_KnownInput_MatchesHmacOfTheDocumentedString()
    {
        // HMAC-SHA256("s3cret", "key-1\n1767578400\nabcdef0123456789\n" + sha256 hex of the body).
        var hash = SmsSignature.ContentSha256(Body);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes($"key-1\n1767578400\nabcdef0123456789\n{hash}")));
        Assert.Equal(expected, SmsSignature.Compute("s3cret", "key-1", "1767578400", "abcdef0123456789", hash));
        Assert.Equal("1767578400", SmsSignature.Sign("key-1", "s3cret", Now, Body).Timestamp);
    }
}

public sealed class FileSmsGatewayTests
{
    [Fact]
    public async Task SendAsync_AppendsOneJsonLineWithTheMobileMasked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sms-{Guid.NewGuid():N}", "sms-outbox.jsonl");
        var gateway = new FileSmsGateway(Options.Create(new SmsOptions { OutboxFile = path }),
            new SettableClock(Instant.FromUtc(2026, 1, 5, 2, 0)));
        var id = Guid.NewGuid();

        var first = await gateway.SendAsync(new SmsMessage(id, "13812345678", "【福鼎农信】您好。"));
        await gateway.SendAsync(new SmsMessage(Guid.NewGuid(), "13912345678", "【福鼎农信】再见。"));

        Assert.IsType<SmsSendResult.Accepted>(first);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"mobile\":\"138****5678\"", lines[0]);
        Assert.Contains("【福鼎农信】您好。", lines[0]);
        Assert.Contains(id.ToString(), lines[0]);
        Assert.DoesNotContain("13812345678", lines[0]);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
