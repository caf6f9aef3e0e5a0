using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

using LoanService.Application.CreditLines;

namespace LoanService.Application.Postings;

/// <summary>Who posts: the cooperative that must own the line, and the scope its idempotency keys live in.</summary>
public sealed record Poster(Guid CooperativeId, string Scope);

/// <summary>
/// An idempotency key and the fingerprint of the request it came with; a key with another fingerprint
/// is refused.
/// </summary>
public sealed record IdempotencyKey(string Key, string RequestHash);

/// <summary>An answer as it is sent and stored under its key: status, serialized body, location.</summary>
public sealed record PostingAnswer(int StatusCode, string Body, string? Location = null);

/// <summary>The answer of a posting; <see cref="Replayed"/> when it is the stored answer of an earlier request.</summary>
public sealed record PostingOutcome(PostingAnswer Answer, bool Replayed);

/// <summary>
/// The line a posting is made on (locked, tracked), the business date, and the changes it leaves
/// pending, saved by <see cref="LinePostings"/> with the posting's answer.
/// </summary>
public sealed record PostingTarget(CreditLine Line, LocalDate Today, LineChanges Changes);

/// <summary>
/// Runs a money-moving request on one line once: with an idempotency key, a repeat with the same
/// request replays the first answer and posts nothing; the same key with another request is refused
/// (<see cref="KeyReusedException"/>). The posting, what it left pending and the stored answer are
/// saved in one transaction, and a save that still collides is tried again from a fresh read.
/// <para>
/// One query opens the transaction: it locks the line (<c>FOR UPDATE</c> on PostgreSQL; SQLite's
/// transactions serialize writers) and reads with it the business date, the recipient of the
/// line's notice and the key's earlier answer. A posting therefore costs three round trips to the
/// database: this read, the save, the commit. A copy sent while the first is still running waits
/// for the line; as its read began before the first committed, it does not see the first's answer
/// but the line as the first left it. Its save then collides with the first's stored answer (the
/// key is unique), or the domain refuses it on the changed line; either way the first's answer is
/// looked up and replayed.
/// </para>
/// </summary>
public sealed class LinePostings(LoanServiceDbContext db, IClock clock)
{
    private const int Attempts = 8;

    /// <summary>
    /// Runs <paramref name="post"/> on line <paramref name="lineId"/> of <paramref name="poster"/>'s
    /// cooperative, once per key; <paramref name="answer"/> turns its result into the answer sent and stored.
    /// </summary>
    public async Task<PostingOutcome> RunAsync<T>(Poster poster, Guid lineId, IdempotencyKey? idempotency,
        Func<PostingTarget, CancellationToken, Task<T>> post, Func<T, PostingAnswer> answer, CancellationToken ct)
    {
        var key = idempotency?.Key;
        // A failed save rolls the whole transaction back and the posting is tried again from a
        // fresh read: a savepoint around the save (two more round trips) would serve nothing.
        db.Database.AutoSavepointsEnabled = false;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                try
                {
                    var loaded = await LineForPosting.LoadAsync(db, lineId, poster.Scope, key, ct);
                    // An earlier answer under this key (the key is the caller's scope's, so is the answer).
                    if (loaded?.Earlier is { } earlier) return Replay(earlier, idempotency!);
                    var line = CreditLineAccess.Owned(loaded?.Line, poster.CooperativeId, lineId);
                    // The quiet days since the line's last event, brought in before anything is posted to it.
                    line.CatchUp(loaded!.BusinessDate);
                    var now = clock.GetCurrentInstant();
                    var changes = LineChanges.ForPosting(db, loaded!.Recipient, now);
                    var posted = answer(await post(new PostingTarget(line, loaded.BusinessDate, changes), ct));
                    if (idempotency is not null)
                        db.IdempotencyRecords.Add(new IdempotencyRecord
                        {
                            Scope = poster.Scope, Key = idempotency.Key, RequestHash = idempotency.RequestHash,
                            StatusCode = posted.StatusCode, ResponseBody = posted.Body, Location = posted.Location,
                            CreatedAt = now,
                        });
                    await changes.SaveAsync(ct);
                    await transaction.CommitAsync(ct);
                    return new PostingOutcome(posted, Replayed: false);
                }
                catch (DbUpdateException) when (attempt < Attempts || key is not null)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
                catch (DomainException) when (key is not null)
                {
                    // A copy sent while the first was running read before the first committed, then
                    // found the line as the first left it, and may be refused for it (a draw the first
                    // already took): the first's answer, if there is one now, is this copy's answer.
                    await transaction.RollbackAsync(CancellationToken.None);
                    if (await LineForPosting.EarlierAnswerAsync(db, poster.Scope, key) is { } first)
                        return Replay(first, idempotency!);
                    throw;
                }
            }
            // The next attempt's read finds the answer of a request with the same key that won the race.
            if (attempt >= Attempts)
            {
                if (key is not null && await LineForPosting.EarlierAnswerAsync(db, poster.Scope, key) is { } raced)
                    return Replay(raced, idempotency!);
                throw new ConflictException("concurrency.conflict",
                    "The line was changed by other requests at the same time; retry.");
            }
            await Task.Delay(Random.Shared.Next(5, 20 * attempt), CancellationToken.None);
        }
    }

    private static PostingOutcome Replay(EarlierAnswer earlier, IdempotencyKey idempotency) =>
        earlier.RequestHash == idempotency.RequestHash
            ? new PostingOutcome(new PostingAnswer(earlier.StatusCode, earlier.ResponseBody, earlier.Location), Replayed: true)
            : throw new KeyReusedException(idempotency.Key);
}
