using LoanService.Domain.Borrowers;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Jobs.NoticeDispatch;

/// <summary>What one run did.</summary>
public sealed record DispatchSummary(int Sent, int Retrying, int Failed, int RateLimited);

/// <summary>
/// Sends the outbox's due notices through the configured <see cref="ISmsGateway"/>, one run at a time:
/// <list type="number">
/// <item>Due: Pending, <c>NotBefore</c> reached, <c>NextAttemptAt</c> unset or reached; reminders and
/// overdue notices only from 08:00 to 21:00 Asia/Shanghai (receipts at any hour).</item>
/// <item>Rate: a cooperative gets at most <see cref="SmsOptions.RatePerCooperativePerMinute"/> sends in
/// any 60 s, counting what the outbox recorded sent in the last minute; the rest wait for a later run.</item>
/// <item>Claim: one notice at a time, saved before sending with its <c>Version</c> bumped (the optimistic
/// token), <c>Attempts</c> counted and <c>NextAttemptAt</c> moved to the backoff. Two instances never
/// send one notice at once; a crash after the claim leaves the notice due again after the backoff.</item>
/// <item>Send with the notice id as the client reference: a resend of something the provider already
/// accepted comes back as <see cref="SmsSendResult.AlreadyAccepted"/> and is recorded Sent, so a crash
/// between sending and recording never makes the borrower get it twice.</item>
/// </list>
/// </summary>
public sealed class NoticeDispatcher(IServiceScopeFactory scopes, IClock clock, IOptions<SmsOptions> options,
    SmsMetrics metrics, ILogger<NoticeDispatcher> log)
{
    private SmsOptions Options => options.Value;

    /// <summary>True from 08:00 up to (not including) 21:00 Asia/Shanghai: when reminders may go.</summary>
    public static bool InSendingHours(Instant now)
    {
        var time = now.InZone(NoticeOutbox.Zone).TimeOfDay;
        return time >= NoticeOutbox.DayStarts && time < NoticeOutbox.DayEnds;
    }

    /// <summary>The durable wait after the <paramref name="attempts"/>-th attempt: 2^attempts × base, capped.</summary>
    public Duration Backoff(int attempts)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts, 30)) * Options.RetryBaseSeconds, Options.MaxRetryDelaySeconds);
        return Duration.FromSeconds(seconds);
    }

    public async Task<DispatchSummary> RunOnceAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var gateway = scope.ServiceProvider.GetRequiredService<ISmsGateway>();
        var now = clock.GetCurrentInstant();
        var daytime = InSendingHours(now);
        var immediate = NoticeKinds.Immediate;

        var due = await db.SmsNotices.AsNoTracking()
            .Where(n => n.Status == SmsStatus.Pending && n.NotBefore <= now
                        && (n.NextAttemptAt == null || n.NextAttemptAt <= now)
                        && (daytime || immediate.Contains(n.Kind)))
            .OrderBy(n => n.NotBefore).ThenBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new { n.Id, n.CooperativeId })
            .Take(Options.BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0) return new DispatchSummary(0, 0, 0, 0);

        var minuteAgo = now - Duration.FromMinutes(1);
        var cooperativeIds = due.Select(d => d.CooperativeId).Distinct().ToList();
        var sentLastMinute = await db.SmsNotices.AsNoTracking()
            .Where(n => cooperativeIds.Contains(n.CooperativeId) && n.SentAt != null && n.SentAt > minuteAgo)
            .GroupBy(n => n.CooperativeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        int sent = 0, retrying = 0, failed = 0, limited = 0;
        foreach (var item in due)
        {
            ct.ThrowIfCancellationRequested();
            var used = sentLastMinute.GetValueOrDefault(item.CooperativeId);
            if (used >= Options.RatePerCooperativePerMinute)
            {
                limited++;
                continue;
            }
            var outcome = await DispatchOneAsync(db, gateway, item.Id, now, ct);
            db.ChangeTracker.Clear();
            switch (outcome)
            {
                case Outcome.Sent: sent++; metrics.Sent.Add(1); break;
                case Outcome.Retrying: retrying++; metrics.Retrying.Add(1); break;
                case Outcome.Failed: failed++; metrics.Failed.Add(1); break;
            }
            // Every attempt counts towards the rate: the provider throttles attempts, not successes.
            if (outcome != Outcome.NotClaimed) sentLastMinute[item.CooperativeId] = used + 1;
        }
        if (sent + retrying + failed + limited > 0)
            log.LogInformation("SMS dispatch: {Sent} sent, {Retrying} to retry, {Failed} failed, {Limited} held by the rate limit",
                sent, retrying, failed, limited);
        return new DispatchSummary(sent, retrying, failed, limited);
    }

    private enum Outcome { NotClaimed, Sent, Retrying, Failed }

    private async Task<Outcome> DispatchOneAsync(LoanServiceDbContext db, ISmsGateway gateway, Guid id, Instant now,
        CancellationToken ct)
    {
        var notice = await db.SmsNotices.SingleAsync(n => n.Id == id, ct);
        if (notice.Status != SmsStatus.Pending || notice.NextAttemptAt > now) return Outcome.NotClaimed;

        if (notice.Attempts >= Options.MaxAttempts)
        {
            // Claimed that often without an answer recorded (crashes or gateway errors): give up.
            return await SaveOrSkipAsync(db, notice, n => Fail(n, n.LastError ?? "no answer recorded"), ct)
                ? Outcome.Failed : Outcome.NotClaimed;
        }

        notice.Attempts++;
        notice.NextAttemptAt = now + Backoff(notice.Attempts);
        notice.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.NotClaimed; // another dispatcher, or a receipt, got there first
        }

        var mobile = await db.Borrowers.AsNoTracking().Where(b => b.Id == notice.BorrowerId)
            .Select(b => (MobileNumber?)b.Mobile).SingleOrDefaultAsync(ct);
        SmsSendResult result;
        if (mobile is null)
            result = new SmsSendResult.PermanentFailure("the borrower was not found");
        else
        {
            try
            {
                result = await gateway.SendAsync(new SmsMessage(notice.Id, mobile.Value.Value, notice.Text), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Whether the provider got it is unknown: the claim stands, and the next attempt's
                // client reference tells.
                log.LogError(e, "SMS notice {NoticeId} to {Mobile}: the gateway failed; retrying at {NextAttemptAt}",
                    notice.Id, mobile.Value.Masked, notice.NextAttemptAt);
                return Outcome.Retrying;
            }
        }

        Action<SmsNotice> record = result switch
        {
            SmsSendResult.Accepted a => n => MarkSent(n, a.ProviderMessageId, now),
            SmsSendResult.AlreadyAccepted a => n => MarkSent(n, a.ProviderMessageId, now),
            SmsSendResult.RetryableFailure f when notice.Attempts >= Options.MaxAttempts => n => Fail(n, f.Reason),
            SmsSendResult.RetryableFailure f => n => n.LastError = f.Reason,
            SmsSendResult.PermanentFailure f => n => Fail(n, f.Reason),
            _ => throw new InvalidOperationException($"Unknown send result {result.GetType().Name}."),
        };
        await SaveOrSkipAsync(db, notice, record, ct);
        var outcome = result switch
        {
            SmsSendResult.Accepted or SmsSendResult.AlreadyAccepted => Outcome.Sent,
            SmsSendResult.RetryableFailure when notice.Attempts < Options.MaxAttempts => Outcome.Retrying,
            _ => Outcome.Failed,
        };
        var masked = mobile?.Masked ?? "(none)";
        if (outcome == Outcome.Sent)
            log.LogInformation("SMS notice {NoticeId} ({Kind}) sent to {Mobile} on attempt {Attempt}{Again}",
                notice.Id, notice.Kind, masked, notice.Attempts, result is SmsSendResult.AlreadyAccepted ? " (the provider already had it)" : "");
        else
            log.LogWarning("SMS notice {NoticeId} ({Kind}) to {Mobile}, attempt {Attempt}: {Reason}; {What}",
                notice.Id, notice.Kind, masked, notice.Attempts, notice.LastError,
                outcome == Outcome.Failed ? "marked Failed" : $"retrying at {notice.NextAttemptAt}");
        return outcome;
    }

    private static void MarkSent(SmsNotice n, string providerMessageId, Instant now)
    {
        n.Status = SmsStatus.Sent;
        n.SentAt = now;
        n.NextAttemptAt = null;
        n.LastError = null;
        if (providerMessageId.Length > 0) n.ProviderMessageId = providerMessageId[..Math.Min(providerMessageId.Length, 100)];
    }

    private static void Fail(SmsNotice n, string reason)
    {
        n.Status = SmsStatus.Failed;
        n.NextAttemptAt = null;
        n.LastError = reason.Length > 1000 ? reason[..1000] : reason;
    }

    /// <summary>
    /// Records an outcome on a Pending notice. A delivery receipt may have come in since the claim
    /// (the provider can be that fast): then the receipt's status stands.
    /// </summary>
    private static async Task<bool> SaveOrSkipAsync(LoanServiceDbContext db, SmsNotice notice, Action<SmsNotice> record,
        CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (notice.Status != SmsStatus.Pending) return false;
            record(notice);
            notice.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                await db.Entry(notice).ReloadAsync(ct);
            }
        }
        return false;
    }
}
