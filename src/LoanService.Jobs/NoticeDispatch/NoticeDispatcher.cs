using LoanService.Application.Notices;
using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Jobs.NoticeDispatch;

/// <summary>What one run did.</summary>
public sealed record DispatchSummary(int Sent, int Retrying, int Failed, int RateLimited);

/// <summary>
/// Sends the outbox's due notices through the configured <see cref="ISmsGateway"/>, one run at a time. The
/// outbox's reads and writes, and each notice's transitions, are the application layer's
/// (<see cref="NoticeSending"/>, <see cref="LoanService.Domain.Notices.SmsNotice"/>); this class holds the
/// schedule, the rate, the gateway call and what is logged and counted:
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
        var outbox = scope.ServiceProvider.GetRequiredService<NoticeSending>();
        var gateway = scope.ServiceProvider.GetRequiredService<ISmsGateway>();
        var now = clock.GetCurrentInstant();

        var due = await outbox.DueAsync(now, InSendingHours(now), Options.BatchSize, ct);
        if (due.Count == 0) return new DispatchSummary(0, 0, 0, 0);

        var cooperativeIds = due.Select(d => d.CooperativeId).Distinct().ToList();
        var sentLastMinute = await outbox.SentSinceAsync(cooperativeIds, now - Duration.FromMinutes(1), ct);

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
            var outcome = await DispatchOneAsync(outbox, gateway, item.Id, now, ct);
            switch (outcome)
            {
                case AttemptOutcome.Sent: sent++; metrics.Sent.Add(1); break;
                case AttemptOutcome.Retrying: retrying++; metrics.Retrying.Add(1); break;
                case AttemptOutcome.Failed: failed++; metrics.Failed.Add(1); break;
            }
            // Every attempt counts towards the rate: the provider throttles attempts, not successes.
            if (outcome is not null) sentLastMinute[item.CooperativeId] = used + 1;
        }
        if (sent + retrying + failed + limited > 0)
            log.LogInformation("SMS dispatch: {Sent} sent, {Retrying} to retry, {Failed} failed, {Limited} held by the rate limit",
                sent, retrying, failed, limited);
        return new DispatchSummary(sent, retrying, failed, limited);
    }

    /// <summary>One notice: claim an attempt, send it, record the answer; null when it was not claimed.</summary>
    private async Task<AttemptOutcome?> DispatchOneAsync(NoticeSending outbox, ISmsGateway gateway, Guid id, Instant now,
        CancellationToken ct)
    {
        var (claim, attempt) = await outbox.ClaimAsync(id, now, Backoff, Options.MaxAttempts, ct);
        if (claim == ClaimOutcome.GaveUp) return AttemptOutcome.Failed;
        if (claim == ClaimOutcome.NotClaimed || attempt is null) return null;

        var (notice, mobile) = (attempt.Notice, attempt.Mobile);
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
                return AttemptOutcome.Retrying;
            }
        }

        var outcome = await outbox.RecordAsync(notice, result, now, Options.MaxAttempts, ct);
        var masked = mobile?.Masked ?? "(none)";
        if (outcome == AttemptOutcome.Sent)
            log.LogInformation("SMS notice {NoticeId} ({Kind}) sent to {Mobile} on attempt {Attempt}{Again}",
                notice.Id, notice.Kind, masked, notice.Attempts, result is SmsSendResult.AlreadyAccepted ? " (the provider already had it)" : "");
        else
            log.LogWarning("SMS notice {NoticeId} ({Kind}) to {Mobile}, attempt {Attempt}: {Reason}; {What}",
                notice.Id, notice.Kind, masked, notice.Attempts, notice.LastError,
                outcome == AttemptOutcome.Failed ? "marked Failed" : $"retrying at {notice.NextAttemptAt}");
        return outcome;
    }
}
