using LoanService.Domain.Notices;
using NodaTime;

namespace LoanService.Domain.Tests.Notices;

/// <summary>
/// An SMS notice's lifecycle: Pending → (claimed attempts) → Sent → Delivered or Failed; Pending → Failed;
/// and what a delivery receipt may still change.
/// </summary>
public class SmsNoticeTests
{
    private static readonly Instant Queued = Instant.FromUtc(2026, 1, 5, 2, 0); // 10:00 Asia/Shanghai
    private static readonly Duration Minute = Duration.FromSeconds(60);

    private static SmsNotice Notice() => SmsNotice.Queue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        NoticeKind.DrawConfirmation, "line:DrawConfirmation:1", new LocalDate(2026, 1, 5),
        SmsText.Compose("福鼎农信", "您于2026年1月5日支用党员先锋贷1000.00元。"), Queued, Queued);

    private static SmsNotice Sent()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        notice.MarkSent("msg-1", Queued.Plus(Duration.FromSeconds(1)));
        return notice;
    }

    private static (SmsStatus, int, Instant?, string?, Instant?, Instant?, int) Snapshot(SmsNotice n) =>
        (n.Status, n.Attempts, n.NextAttemptAt, n.LastError, n.SentAt, n.DeliveredAt, n.Version);

    [Fact]
    public void Queue_ADrawConfirmation_IsPendingWithTheComposedTextAndNoAttempt()
    {
        var notice = Notice();
        Assert.Equal((SmsStatus.Pending, 0, 1), (notice.Status, notice.Attempts, notice.Segments));
        Assert.Equal("【福鼎农信】您于2026年1月5日支用党员先锋贷1000.00元。", notice.Text);
        Assert.True(notice.IsDueForAttempt(Queued));
    }

    [Fact]
    public void Claim_APendingNotice_CountsTheAttemptAndSetsItsBackoff()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        Assert.Equal((SmsStatus.Pending, 1, Queued + Minute), (notice.Status, notice.Attempts, notice.NextAttemptAt));
        Assert.False(notice.IsDueForAttempt(Queued.Plus(Duration.FromSeconds(59))));
        Assert.True(notice.IsDueForAttempt(Queued + Minute));
    }

    [Fact]
    public void Claim_BeforeItsBackoffIsOver_IsRefusedAndChangesNothing()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        var before = Snapshot(notice);
        var refused = Assert.Throws<DomainException>(() => notice.Claim(Queued.Plus(Duration.FromSeconds(30)), Minute));
        Assert.Equal(ErrorCodes.SmsNoticeNotDue, refused.Code);
        Assert.Equal(before, Snapshot(notice));
    }

    [Fact]
    public void MarkSent_AClaimedNotice_IsSentWithTheProviderIdAndNoRetry()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        notice.RecordRetryableFailure("HTTP 503");
        notice.Claim(Queued + Minute, Minute * 2);
        notice.MarkSent("msg-1", Queued + Minute);
        Assert.Equal((SmsStatus.Sent, 2, (Instant?)null, (string?)null, (Instant?)(Queued + Minute)),
            (notice.Status, notice.Attempts, notice.NextAttemptAt, notice.LastError, notice.SentAt));
        Assert.Equal("msg-1", notice.ProviderMessageId);
    }

    [Fact]
    public void RecordRetryableFailure_StaysPendingWithTheReason_DueAgainAfterTheBackoff()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        notice.RecordRetryableFailure("HTTP 503");
        Assert.Equal((SmsStatus.Pending, "HTTP 503", (Instant?)(Queued + Minute)), (notice.Status, notice.LastError, notice.NextAttemptAt));
    }

    [Fact]
    public void Fail_APermanentRefusal_IsFailedWithTheReasonCutTo1000Characters()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        notice.Fail("invalid_number " + new string('x', 1200));
        Assert.Equal((SmsStatus.Failed, (Instant?)null), (notice.Status, notice.NextAttemptAt));
        Assert.Equal(1000, notice.LastError!.Length);
    }

    [Fact]
    public void GiveUp_AfterAttemptsWithoutAnAnswer_IsFailedWithTheLastErrorOrSaysNoneWasRecorded()
    {
        var silent = Notice();
        silent.Claim(Queued, Minute);
        silent.GiveUp();
        Assert.Equal((SmsStatus.Failed, "no answer recorded"), (silent.Status, silent.LastError));

        var failing = Notice();
        failing.Claim(Queued, Minute);
        failing.RecordRetryableFailure("HTTP 503");
        failing.GiveUp();
        Assert.Equal((SmsStatus.Failed, "HTTP 503"), (failing.Status, failing.LastError));
    }

    [Theory]
    [InlineData("claim")]
    [InlineData("sent")]
    [InlineData("retryable")]
    [InlineData("fail")]
    [InlineData("give-up")]
    public void DispatcherStep_OnANoticeNoLongerPending_IsRefusedAndChangesNothing(string step)
    {
        var notice = Sent();
        var before = Snapshot(notice);
        var later = Queued.Plus(Duration.FromHours(1));
        Action act = step switch
        {
            "claim" => () => notice.Claim(later, Minute),
            "sent" => () => notice.MarkSent("msg-2", later),
            "retryable" => () => notice.RecordRetryableFailure("HTTP 503"),
            "fail" => () => notice.Fail("invalid_number"),
            _ => notice.GiveUp,
        };
        var refused = Assert.Throws<DomainException>(act);
        Assert.Equal(ErrorCodes.SmsNoticeNotPending, refused.Code);
        Assert.Equal(before, Snapshot(notice));
        Assert.Equal("msg-1", notice.ProviderMessageId);
    }

    [Fact]
    public void ApplyReceipt_DeliveredOnASentNotice_IsDelivered()
    {
        var notice = Sent();
        var at = Queued.Plus(Duration.FromSeconds(5));
        Assert.True(notice.ApplyReceipt(ReceiptStatus.Delivered, "msg-other", null, at));
        Assert.Equal((SmsStatus.Delivered, (Instant?)at, (string?)null), (notice.Status, notice.DeliveredAt, notice.LastError));
        Assert.Equal("msg-1", notice.ProviderMessageId); // the id the provider gave at the send stays
    }

    [Fact]
    public void ApplyReceipt_FailedOnASentNotice_IsFailedWithTheErrorMarkedAsTheReceipts()
    {
        var notice = Sent();
        Assert.True(notice.ApplyReceipt(ReceiptStatus.Failed, null, "138****5678 switched off", Queued + Minute));
        Assert.Equal((SmsStatus.Failed, "receipt: 138****5678 switched off"), (notice.Status, notice.LastError));

        var silent = Sent();
        silent.ApplyReceipt(ReceiptStatus.Failed, null, null, Queued + Minute);
        Assert.Equal("receipt: the provider could not deliver it", silent.LastError);
    }

    [Fact]
    public void ApplyReceipt_BeforeTheDispatcherRecordedTheSend_IsSentThenAndStopsTheRetries()
    {
        // The provider can answer before the dispatcher saves its record of the send: the provider's word stands.
        var notice = Notice();
        notice.Claim(Queued, Minute);
        var at = Queued.Plus(Duration.FromSeconds(2));
        Assert.True(notice.ApplyReceipt(ReceiptStatus.Delivered, "msg-9", null, at));
        Assert.Equal((SmsStatus.Delivered, (Instant?)at, (Instant?)null, "msg-9"),
            (notice.Status, notice.SentAt, notice.NextAttemptAt, notice.ProviderMessageId));
        Assert.False(notice.IsDueForAttempt(Queued + Minute));
    }

    [Fact]
    public void ApplyReceipt_DeliveredAfterTheDispatcherGaveUp_IsDelivered()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        notice.Fail("HTTP 503");
        Assert.True(notice.ApplyReceipt(ReceiptStatus.Delivered, null, null, Queued + Minute));
        Assert.Equal((SmsStatus.Delivered, (string?)null), (notice.Status, notice.LastError));
    }

    [Theory]
    [InlineData(ReceiptStatus.Delivered, ReceiptStatus.Delivered)] // a repeat
    [InlineData(ReceiptStatus.Delivered, ReceiptStatus.Failed)]    // late: Delivered is final
    [InlineData(ReceiptStatus.Failed, ReceiptStatus.Failed)]       // a repeat of a failure
    public void ApplyReceipt_AfterAFinalStatus_ChangesNothing(ReceiptStatus first, ReceiptStatus then)
    {
        var notice = Sent();
        notice.ApplyReceipt(first, null, "switched off", Queued + Minute);
        var before = Snapshot(notice);
        Assert.False(notice.ApplyReceipt(then, "msg-2", "another error", Queued.Plus(Duration.FromHours(1))));
        Assert.Equal(before, Snapshot(notice));
    }

    [Fact]
    public void ApplyReceipt_AProviderIdWithControlCharactersOrOver100_IsNotKept()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);
        notice.ApplyReceipt(ReceiptStatus.Failed, "msg\u202E1", null, Queued + Minute);
        Assert.Null(notice.ProviderMessageId);

        var other = Notice();
        other.ApplyReceipt(ReceiptStatus.Delivered, new string('m', 101), null, Queued + Minute);
        Assert.Null(other.ProviderMessageId);
    }

    [Fact]
    public void EveryChange_BumpsTheVersion_SoTwoSavesOfOneNoticeConflict()
    {
        var notice = Notice();
        notice.Claim(Queued, Minute);           // 1
        notice.RecordRetryableFailure("503");   // 2
        notice.Claim(Queued + Minute, Minute);  // 3
        notice.MarkSent("msg-1", Queued + Minute); // 4
        notice.ApplyReceipt(ReceiptStatus.Delivered, null, null, Queued + Minute * 2); // 5
        notice.ApplyReceipt(ReceiptStatus.Delivered, null, null, Queued + Minute * 3); // repeat: no change
        Assert.Equal(5, notice.Version);
    }
}
