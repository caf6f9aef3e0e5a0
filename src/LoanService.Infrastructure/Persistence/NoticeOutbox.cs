using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// Writes planned notices into the outbox of the caller's unit of work, so they commit or roll back
/// with the posting or close that caused them. Skips what an opted-out borrower does not get and
/// any key already written.
/// </summary>
public static class NoticeOutbox
{
    public static readonly DateTimeZone Zone = BusinessCalendarStore.Zone;

    /// <summary>Reminders and overdue notices wait for 08:00 Asia/Shanghai of their business date.</summary>
    public static readonly LocalTime DayStarts = new(8, 0);

    /// <summary>…and are not sent from 21:00.</summary>
    public static readonly LocalTime DayEnds = new(21, 0);

    /// <summary>
    /// Adds the notices; returns those that could not be written because their line or cooperative
    /// is unknown (a data error to report, never a reason to fail the posting or close).
    /// </summary>
    public static async Task<IReadOnlyList<PlannedNotice>> AddAsync(LoanServiceDbContext db,
        IReadOnlyCollection<PlannedNotice> planned, Instant now, CancellationToken ct = default)
    {
        if (planned.Count == 0) return [];
        var lineIds = planned.Select(p => p.LineId).Distinct().ToList();
        // Lines the unit of work already holds (a close chunk's lines) are taken from the change
        // tracker; only the others are looked up. A line's borrower and cooperative never change.
        var lines = new Dictionary<Guid, (Guid BorrowerId, Guid CooperativeId)>();
        foreach (var entry in db.ChangeTracker.Entries<CreditLine>())
            if (lineIds.Contains(entry.Entity.Id))
                lines[entry.Entity.Id] = (entry.Entity.BorrowerId, entry.Entity.CooperativeId);
        var untracked = lineIds.Where(id => !lines.ContainsKey(id)).ToList();
        if (untracked.Count > 0)
            foreach (var l in await db.CreditLines.AsNoTracking().Where(l => untracked.Contains(l.Id))
                         .Select(l => new { l.Id, l.BorrowerId, l.CooperativeId }).ToListAsync(ct))
                lines[l.Id] = (l.BorrowerId, l.CooperativeId);
        // The cooperatives' signatures and which of the borrowers opted out, in one query.
        var borrowerIds = lines.Values.Select(l => l.BorrowerId).Distinct().ToList();
        var cooperativeIds = lines.Values.Select(l => l.CooperativeId).Distinct().ToList();
        var cooperatives = await db.Cooperatives.AsNoTracking().Where(c => cooperativeIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Signature,
                OptedOut = db.Borrowers.Where(b => b.CooperativeId == c.Id && b.SmsOptOut && borrowerIds.Contains(b.Id))
                    .Select(b => b.Id).ToList(),
            })
            .ToListAsync(ct);
        var signatures = cooperatives.ToDictionary(c => c.Id, c => c.Signature);
        var optedOut = cooperatives.SelectMany(c => c.OptedOut).ToHashSet();
        var keys = planned.Select(p => p.DedupKey).ToList();
        var existing = (await db.SmsNotices.AsNoTracking().Where(n => keys.Contains(n.DedupKey))
            .Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();
        existing.UnionWith(db.ChangeTracker.Entries<SmsNotice>().Select(e => e.Entity.DedupKey));

        var orphans = new List<PlannedNotice>();
        foreach (var notice in planned)
        {
            if (!lines.TryGetValue(notice.LineId, out var line) || !signatures.TryGetValue(line.CooperativeId, out var signature))
            {
                orphans.Add(notice);
                continue;
            }
            if (optedOut.Contains(line.BorrowerId) && !notice.Kind.ReachesOptedOut()) continue;
            if (!existing.Add(notice.DedupKey)) continue;
            db.SmsNotices.Add(Row(notice, line.BorrowerId, line.CooperativeId, signature, now));
        }
        return orphans;
    }

    /// <summary>
    /// Adds the notice of a posting made on <paramref name="line"/>: a receipt or confirmation keyed
    /// by the journal entry or line the posting has just created, so it cannot already be in the
    /// outbox (the unique index on the key still guards). The recipient was read with the line,
    /// so nothing more is looked up.
    /// </summary>
    public static void AddForPosting(LoanServiceDbContext db, PlannedNotice notice, CreditLine line,
        NoticeRecipient recipient, Instant now)
    {
        if (recipient.SmsOptOut && !notice.Kind.ReachesOptedOut()) return;
        db.SmsNotices.Add(Row(notice, line.BorrowerId, line.CooperativeId, recipient.Signature, now));
    }

    private static SmsNotice Row(PlannedNotice notice, Guid borrowerId, Guid cooperativeId, string signature, Instant now) =>
        SmsNotice.Queue(Guid.NewGuid(), notice.LineId, cooperativeId, borrowerId, notice.Kind, notice.DedupKey,
            notice.BusinessDate, SmsText.Compose(signature, notice.Body),
            notice.Kind.IsImmediate() ? now : notice.BusinessDate.At(DayStarts).InZoneLeniently(Zone).ToInstant(), now);
}

/// <summary>What the outbox needs of a line's borrower and cooperative: the opt-out and the SMS signature.</summary>
public sealed record NoticeRecipient(bool SmsOptOut, string Signature);
