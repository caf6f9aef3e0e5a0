using LoanService.Domain.Borrowers;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Notices;

/// <summary>A notice the outbox has due: which, and whose cooperative's rate it counts against.</summary>
public sealed record DueNotice(Guid Id, Guid CooperativeId);

/// <summary>An attempt claimed: the notice as saved with the claim, and its borrower's mobile (null when the borrower is gone).</summary>
public sealed record ClaimedAttempt(SmsNotice Notice, MobileNumber? Mobile);

/// <summary>What the dispatcher's claim of one notice came to.</summary>
public enum ClaimOutcome
{
    /// <summary>Not Pending or not due any more, or another dispatcher (or a receipt) saved it first: nothing to do.</summary>
    NotClaimed,
    /// <summary>Claimed as often as allowed without an answer recorded: marked Failed, nothing sent.</summary>
    GaveUp,
    /// <summary>The attempt is counted and saved: send it.</summary>
    Claimed,
}

/// <summary>What became of an attempt, as the dispatcher counts it.</summary>
public enum AttemptOutcome
{
    Sent,
    Retrying,
    Failed,
}

/// <summary>
/// The SMS outbox's sending side, for the dispatcher: which notices are due, the claim of an attempt and
/// the record of what the provider answered. Each step goes through <see cref="SmsNotice"/>'s own
/// transitions and is saved at once under its optimistic token, so two dispatchers on two servers never
/// send one notice at once, and a receipt that comes in between wins.
/// </summary>
public sealed class NoticeSending(LoanServiceDbContext db)
{
    /// <summary>
    /// Up to <paramref name="batch"/> notices due at <paramref name="now"/>, oldest first: Pending, their time
    /// reached, their backoff over; outside sending hours (<paramref name="daytime"/> false) only the kinds
    /// that go at once.
    /// </summary>
    public async Task<IReadOnlyList<DueNotice>> DueAsync(Instant now, bool daytime, int batch, CancellationToken ct)
    {
        var immediate = NoticeKinds.Immediate;
        return await db.SmsNotices.AsNoTracking()
            .Where(n => n.Status == SmsStatus.Pending && n.NotBefore <= now
                        && (n.NextAttemptAt == null || n.NextAttemptAt <= now)
                        && (daytime || immediate.Contains(n.Kind)))
            .OrderBy(n => n.NotBefore).ThenBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new DueNotice(n.Id, n.CooperativeId))
            .Take(batch)
            .ToListAsync(ct);
    }

    /// <summary>How many notices of each of <paramref name="cooperativeIds"/> the outbox recorded sent after <paramref name="since"/>.</summary>
    public async Task<Dictionary<Guid, int>> SentSinceAsync(IReadOnlyCollection<Guid> cooperativeIds, Instant since,
        CancellationToken ct) =>
        await db.SmsNotices.AsNoTracking()
            .Where(n => cooperativeIds.Contains(n.CooperativeId) && n.SentAt != null && n.SentAt > since)
            .GroupBy(n => n.CooperativeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>
    /// Claims the next attempt at notice <paramref name="id"/>: saved before anything is sent, with the
    /// backoff of that attempt (<paramref name="backoff"/> of the attempt's number). A notice already claimed
    /// <paramref name="maxAttempts"/> times without an answer is given up on instead.
    /// </summary>
    public async Task<(ClaimOutcome Outcome, ClaimedAttempt? Attempt)> ClaimAsync(Guid id, Instant now,
        Func<int, Duration> backoff, int maxAttempts, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var notice = await db.SmsNotices.SingleAsync(n => n.Id == id, ct);
        if (!notice.IsDueForAttempt(now)) return (ClaimOutcome.NotClaimed, null);

        if (notice.Attempts >= maxAttempts)
            return await RecordAsync(notice, n => n.GiveUp(), ct) ? (ClaimOutcome.GaveUp, null) : (ClaimOutcome.NotClaimed, null);

        notice.Claim(now, backoff(notice.Attempts + 1));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (ClaimOutcome.NotClaimed, null); // another dispatcher, or a receipt, got there first
        }
        var mobile = await db.Borrowers.AsNoTracking().Where(b => b.Id == notice.BorrowerId)
            .Select(b => (MobileNumber?)b.Mobile).SingleOrDefaultAsync(ct);
        return (ClaimOutcome.Claimed, new ClaimedAttempt(notice, mobile));
    }

    /// <summary>
    /// Records the provider's answer to a claimed attempt. A retryable failure on the last allowed attempt
    /// (<paramref name="maxAttempts"/>) is the end of it. A receipt may have come in since the claim (the
    /// provider can be that fast): then the receipt's status stands, and the outcome is still what the
    /// provider answered.
    /// </summary>
    public async Task<AttemptOutcome> RecordAsync(SmsNotice notice, SmsSendResult result, Instant now, int maxAttempts,
        CancellationToken ct)
    {
        var last = notice.Attempts >= maxAttempts;
        Action<SmsNotice> record = result switch
        {
            SmsSendResult.Accepted a => n => n.MarkSent(a.ProviderMessageId, now),
            SmsSendResult.AlreadyAccepted a => n => n.MarkSent(a.ProviderMessageId, now),
            SmsSendResult.RetryableFailure f when last => n => n.Fail(f.Reason),
            SmsSendResult.RetryableFailure f => n => n.RecordRetryableFailure(f.Reason),
            SmsSendResult.PermanentFailure f => n => n.Fail(f.Reason),
            _ => throw new InvalidOperationException($"Unknown send result {result.GetType().Name}."),
        };
        await RecordAsync(notice, record, ct);
        return result switch
        {
            SmsSendResult.Accepted or SmsSendResult.AlreadyAccepted => AttemptOutcome.Sent,
            SmsSendResult.RetryableFailure when !last => AttemptOutcome.Retrying,
            _ => AttemptOutcome.Failed,
        };
    }

    /// <summary>Applies <paramref name="record"/> to a Pending notice and saves it, reloading on a conflict; false when it is no longer Pending.</summary>
    private async Task<bool> RecordAsync(SmsNotice notice, Action<SmsNotice> record, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (!notice.IsPending) return false;
            record(notice);
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
