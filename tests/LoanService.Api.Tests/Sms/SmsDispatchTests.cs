using System.Net;
using LoanService.Api.Tests.Support;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using LoanService.Tests.Sms;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Api.Tests.Sms;

/// <summary>
/// The dispatcher end to end: notices made through the API, sent by the HTTP gateway to a fake
/// provider on 127.0.0.1 that checks signatures, fails and hangs, under a clock the test moves.
/// Each test has a database of its own, so no other test's notices are in its outbox.
/// </summary>
public abstract class SmsDispatchTests<TFactory> where TFactory : ApiFactory, new()
{
    [DatabaseFact]
    public async Task Dispatch_FlakyProvider_EveryNoticeEndsDeliveredOrFailed_NoneAcceptedTwice()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0));
        const string unreachable = "13900000000";
        // Every 3rd request 503; every 4th otherwise taken and answered too late; one number refused.
        sms.Provider.Decide = (n, mobile) =>
            mobile == unreachable ? ProviderBehaviour.RejectNumber
            : n % 3 == 0 ? ProviderBehaviour.Unavailable
            : n % 4 == 0 ? ProviderBehaviour.AcceptThenHang
            : ProviderBehaviour.Accept;
        var (coop, _) = await sms.CooperativeAsync();
        var mobiles = new[] { "13812345678", "13912345679", "15012345670", unreachable };
        foreach (var mobile in mobiles)
        {
            var (line, _) = await SmsHost.OpenLineAsync(coop, mobile);
            (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 10_000m })).Expect(HttpStatusCode.Created);
            (await coop.PostAsync($"/api/v1/credit-lines/{line}/repayments", new { amount = 1_000m })).Expect(HttpStatusCode.Created);
        }
        Assert.Equal(8, (await sms.NoticesAsync()).Count); // a draw confirmation and a repayment receipt per line

        for (var run = 0; run < 20 && (await sms.NoticesAsync()).Any(n => n.Status == SmsStatus.Pending); run++)
        {
            await sms.Dispatcher.RunOnceAsync();
            sms.Clock.Advance(Duration.FromMinutes(10)); // past any backoff of the first attempts
        }
        foreach (var sent in (await sms.NoticesAsync()).Where(n => n.Status == SmsStatus.Sent))
            (await sms.PostReceiptAsync(new { clientReference = sent.Id.ToString(), providerMessageId = sent.ProviderMessageId, status = "Delivered" }))
                .Expect(HttpStatusCode.OK);

        var notices = await sms.NoticesAsync();
        Assert.All(notices, n => Assert.Contains(n.Status, new[] { SmsStatus.Delivered, SmsStatus.Failed }));
        var failed = notices.Where(n => n.Status == SmsStatus.Failed).ToList();
        Assert.Equal(2, failed.Count); // the unreachable number's two notices, refused for good on the first try
        Assert.All(failed, n =>
        {
            Assert.Equal(1, n.Attempts);
            Assert.Contains("invalid_number", n.LastError);
            Assert.Contains("139****0000", n.LastError);
            Assert.DoesNotContain(unreachable, n.LastError);
        });
        foreach (var delivered in notices.Where(n => n.Status == SmsStatus.Delivered))
        {
            Assert.Equal(1, sms.Provider.Accepted[delivered.Id.ToString()]);
            Assert.Equal(sms.Provider.MessageIds[delivered.Id.ToString()], delivered.ProviderMessageId);
            Assert.NotNull(delivered.DeliveredAt);
        }
        Assert.Equal(6, sms.Provider.Accepted.Count);
        Assert.All(sms.Provider.Accepted.Values, count => Assert.Equal(1, count));
        Assert.Equal(0, sms.Provider.BadSignatures);
        Assert.True(sms.Provider.Unavailable > 0 && sms.Provider.Hung > 0 && sms.Provider.Duplicates > 0,
            $"the provider should have failed, hung and seen a resend: {sms.Provider.Unavailable} 503, {sms.Provider.Hung} hung, {sms.Provider.Duplicates} duplicates");
        // docs/rules.md §8: the dispatcher logs masked numbers only, even in provider errors.
        Assert.Contains(sms.Logs.Lines, l => l.Contains("139****0000"));
        Assert.All(sms.Logs.Lines, l => Assert.All(mobiles, m => Assert.DoesNotContain(m, l)));
    }

    [DatabaseFact]
    public async Task Dispatch_ReminderDueAt2230_WaitsUntil0800_WhileAReceiptGoesAtOnce()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 22, 30));
        var (coop, coopId) = await sms.CooperativeAsync();
        var (line, borrower) = await SmsHost.OpenLineAsync(coop, "13812345678");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 5_000m })).Expect(HttpStatusCode.Created);
        var reminder = await InsertReminderAsync(sms, line, coopId, borrower, new LocalDate(2026, 1, 5));

        var late = await sms.Dispatcher.RunOnceAsync();

        Assert.Equal(1, late.Sent); // the draw confirmation, at 22:30
        Assert.Equal(SmsStatus.Pending, (await sms.NoticeAsync(reminder)).Status);
        Assert.Equal(0, (await sms.NoticeAsync(reminder)).Attempts);

        sms.Clock.SetShanghai(2026, 1, 6, 7, 59, 59);
        Assert.Equal(0, (await sms.Dispatcher.RunOnceAsync()).Sent);
        Assert.False(sms.Provider.Accepted.ContainsKey(reminder.ToString()));

        sms.Clock.SetShanghai(2026, 1, 6, 8, 0);
        Assert.Equal(1, (await sms.Dispatcher.RunOnceAsync()).Sent);
        var sent = await sms.NoticeAsync(reminder);
        Assert.Equal(SmsStatus.Sent, sent.Status);
        Assert.Equal(Instant.FromUtc(2026, 1, 6, 0, 0), sent.SentAt); // 08:00 Asia/Shanghai
    }

    [DatabaseFact]
    public async Task Dispatch_ReminderAt2100_IsNotSent_ButAt2059_Is()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 21, 0));
        var (coop, coopId) = await sms.CooperativeAsync();
        var (line, borrower) = await SmsHost.OpenLineAsync(coop, "13812345678");
        var reminder = await InsertReminderAsync(sms, line, coopId, borrower, new LocalDate(2026, 1, 5));

        Assert.Equal(0, (await sms.Dispatcher.RunOnceAsync()).Sent);
        sms.Clock.SetShanghai(2026, 1, 5, 20, 59, 59);
        Assert.Equal(1, (await sms.Dispatcher.RunOnceAsync()).Sent);
        Assert.Equal(SmsStatus.Sent, (await sms.NoticeAsync(reminder)).Status);
    }

    [DatabaseFact]
    public async Task Dispatch_CrashBetweenSendAndRecord_NextRunRecordsSent_ProviderAcceptedOnce()
    {
        var crash = new CrashOnce();
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0), services: s =>
            s.AddTransient<ISmsGateway>(sp => new CrashAfterSendGateway(sp.GetRequiredService<HttpSmsGateway>(), crash)));
        var (coop, _) = await sms.CooperativeAsync();
        var (line, _) = await SmsHost.OpenLineAsync(coop, "13812345678");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 5_000m })).Expect(HttpStatusCode.Created);
        var id = Assert.Single(await sms.NoticesAsync()).Id;

        await sms.Dispatcher.RunOnceAsync(); // the provider takes it; the dispatcher "dies" before recording
        var claimed = await sms.NoticeAsync(id);
        Assert.Equal((SmsStatus.Pending, 1), (claimed.Status, claimed.Attempts));
        Assert.Equal(1, sms.Provider.Accepted[id.ToString()]);
        // 2^1 × 30 s after the claim.
        Assert.Equal(sms.Clock.GetCurrentInstant() + Duration.FromSeconds(60), claimed.NextAttemptAt);

        Assert.Equal(0, (await sms.Dispatcher.RunOnceAsync()).Sent); // not due again yet
        sms.Clock.Advance(Duration.FromSeconds(60));
        Assert.Equal(1, (await sms.Dispatcher.RunOnceAsync()).Sent);

        var notice = await sms.NoticeAsync(id);
        Assert.Equal(SmsStatus.Sent, notice.Status);
        Assert.Equal(sms.Provider.MessageIds[id.ToString()], notice.ProviderMessageId);
        Assert.Equal(1, sms.Provider.Accepted[id.ToString()]);
        Assert.Equal(1, sms.Provider.Duplicates);
        Assert.Single(sms.Provider.Messages);
    }

    [DatabaseFact]
    public async Task Dispatch_ProviderAlwaysDown_BacksOffExponentially_ThenFailedAfterMaxAttempts()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0),
            new Dictionary<string, string> { ["Sms:MaxAttempts"] = "3", ["Sms:RetriesPerSend"] = "0" });
        sms.Provider.Decide = (_, _) => ProviderBehaviour.Unavailable;
        var (coop, _) = await sms.CooperativeAsync();
        var (line, _) = await SmsHost.OpenLineAsync(coop, "13812345678");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 5_000m })).Expect(HttpStatusCode.Created);
        var id = Assert.Single(await sms.NoticesAsync()).Id;
        var start = sms.Clock.GetCurrentInstant();

        await sms.Dispatcher.RunOnceAsync();
        Assert.Equal(start + Duration.FromSeconds(60), (await sms.NoticeAsync(id)).NextAttemptAt); // 2^1 × 30 s
        sms.Clock.Set(start + Duration.FromSeconds(60));
        await sms.Dispatcher.RunOnceAsync();
        Assert.Equal(start + Duration.FromSeconds(60 + 120), (await sms.NoticeAsync(id)).NextAttemptAt); // 2^2 × 30 s
        sms.Clock.Set(start + Duration.FromSeconds(180));
        await sms.Dispatcher.RunOnceAsync();

        var notice = await sms.NoticeAsync(id);
        Assert.Equal((SmsStatus.Failed, 3), (notice.Status, notice.Attempts));
        Assert.Contains("503", notice.LastError);
        Assert.Equal(3, sms.Provider.Requests);
    }

    [DatabaseFact]
    public async Task Dispatch_RateLimit_SendsAtMostTheRatePerCooperativePerMinute()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0),
            new Dictionary<string, string> { ["Sms:RatePerCooperativePerMinute"] = "2" });
        var (coop, _) = await sms.CooperativeAsync();
        var (other, _) = await sms.CooperativeAsync();
        var (line, _) = await SmsHost.OpenLineAsync(coop, "13812345678");
        for (var i = 0; i < 5; i++)
            (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 1_000m })).Expect(HttpStatusCode.Created);
        var (otherLine, _) = await SmsHost.OpenLineAsync(other, "13912345678");
        (await other.PostAsync($"/api/v1/credit-lines/{otherLine}/draws", new { amount = 1_000m })).Expect(HttpStatusCode.Created);

        var first = await sms.Dispatcher.RunOnceAsync();
        Assert.Equal((3, 3), (first.Sent, first.RateLimited)); // 2 of the first cooperative's 5, and the other's 1
        sms.Clock.Advance(Duration.FromSeconds(30));
        Assert.Equal(0, (await sms.Dispatcher.RunOnceAsync()).Sent); // both sends still within the last minute
        sms.Clock.Advance(Duration.FromSeconds(31));
        Assert.Equal(2, (await sms.Dispatcher.RunOnceAsync()).Sent);
        sms.Clock.Advance(Duration.FromSeconds(61));
        Assert.Equal(1, (await sms.Dispatcher.RunOnceAsync()).Sent);
        Assert.All(await sms.NoticesAsync(), n => Assert.Equal(SmsStatus.Sent, n.Status));
    }

    [DatabaseFact]
    public async Task Dispatch_TwoDispatchersAtOnce_SendEachNoticeOnce()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0));
        var (coop, _) = await sms.CooperativeAsync();
        for (var i = 0; i < 3; i++)
        {
            var (line, _) = await SmsHost.OpenLineAsync(coop, $"1381234567{i}");
            (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 1_000m })).Expect(HttpStatusCode.Created);
        }
        var another = ActivatorUtilities.CreateInstance<LoanService.Jobs.NoticeDispatch.NoticeDispatcher>(sms.Host.Services);

        var runs = await Task.WhenAll(sms.Dispatcher.RunOnceAsync(), another.RunOnceAsync());

        Assert.Equal(3, runs.Sum(r => r.Sent));
        Assert.Equal(0, sms.Provider.Duplicates);
        Assert.All(sms.Provider.Accepted.Values, count => Assert.Equal(1, count));
    }

    private static async Task<Guid> InsertReminderAsync(SmsHost sms, Guid line, Guid cooperative, Guid borrower, LocalDate date)
    {
        var id = Guid.NewGuid();
        await sms.DbAsync(async db =>
        {
            db.SmsNotices.Add(new SmsNotice
            {
                Id = id, LineId = line, CooperativeId = cooperative, BorrowerId = borrower, Kind = NoticeKind.MaturityReminder,
                DedupKey = $"test-reminder-{id:N}", BusinessDate = date, Text = "【福鼎农信】您的贷款将于2026年2月4日到期。",
                Segments = 1, Status = SmsStatus.Pending, CreatedAt = sms.Clock.GetCurrentInstant(),
                NotBefore = date.At(new LocalTime(8, 0)).InZoneStrictly(SettableClock.Shanghai).ToInstant(),
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    private sealed class CrashOnce
    {
        public int Armed = 1;
    }

    /// <summary>Sends for real, then throws once, as if the process died before the dispatcher recorded the send.</summary>
    private sealed class CrashAfterSendGateway(ISmsGateway inner, CrashOnce crash) : ISmsGateway
    {
        public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken ct = default)
        {
            var result = await inner.SendAsync(message, ct);
            if (Interlocked.Exchange(ref crash.Armed, 0) == 1) throw new IOException("simulated crash after the provider accepted");
            return result;
        }
    }
}

public sealed class SmsDispatchTestsOnSqlite : SmsDispatchTests<SqliteApiFactory>;

public sealed class SmsDispatchTestsOnPostgres : SmsDispatchTests<PostgresApiFactory>, IPostgresTests;
