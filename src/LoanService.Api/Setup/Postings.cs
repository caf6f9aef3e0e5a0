using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoanService.Api.CreditLines;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Api.Setup;

/// <summary>What a money-moving handler made: the status, the body and where the new resource is.</summary>
public sealed record Posted(int StatusCode, object Body, string? Location = null);

/// <summary>The line a posting is made on (locked, tracked), its notice's recipient, and the business date.</summary>
public sealed record PostingTarget(CreditLine Line, NoticeRecipient Recipient, LocalDate Today);

/// <summary>
/// Runs a money-moving request on one line once: with an <c>Idempotency-Key</c>, a repeat with the
/// same body replays the first answer (<c>Idempotent-Replayed: true</c>) and posts nothing; the same
/// key with another body is refused. The posting and the stored answer are saved in one
/// transaction, and a save that still collides is tried again from a fresh read.
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
public sealed class Postings(LoanServiceDbContext db, IOptions<JsonOptions> json, IClock clock, PostingMetrics metrics)
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int Attempts = 8;

    /// <summary>Runs <paramref name="post"/> on line <paramref name="lineId"/> of the caller's cooperative, once per key.</summary>
    public async Task<IResult> RunAsync(HttpContext http, Caller caller, object? request, Guid lineId,
        Func<PostingTarget, Task<Posted>> post)
    {
        var key = ReadKey(http);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Only a request with a key is compared with an earlier one.
        var requestHash = key is null ? "" : Hash(http.Request.Method + " " + http.Request.Path + "\n" +
                                                  JsonSerializer.Serialize(request, json.Value.SerializerOptions));
        // A failed save rolls the whole transaction back and the posting is tried again from a
        // fresh read: a savepoint around the save (two more round trips) would serve nothing.
        db.Database.AutoSavepointsEnabled = false;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using (var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted))
            {
                try
                {
                    var loaded = await LineForPosting.LoadAsync(db, lineId, caller.Scope, key, http.RequestAborted);
                    // An earlier answer under this key (the key is the caller's scope's, so is the answer).
                    if (loaded?.Earlier is { } earlier) return Replay(earlier, key!, requestHash);
                    var line = CreditLinesApi.Owned(loaded?.Line, caller, lineId);
                    var posted = await post(new PostingTarget(line, loaded!.Recipient, loaded.BusinessDate));
                    var body = JsonSerializer.Serialize(posted.Body, json.Value.SerializerOptions);
                    if (key is not null)
                        db.IdempotencyRecords.Add(new IdempotencyRecord
                        {
                            Scope = caller.Scope, Key = key, RequestHash = requestHash, StatusCode = posted.StatusCode,
                            ResponseBody = body, Location = posted.Location, CreatedAt = clock.GetCurrentInstant(),
                        });
                    await db.SaveChangesAsync(http.RequestAborted);
                    await transaction.CommitAsync(http.RequestAborted);
                    metrics.Committed(Operation(http), System.Diagnostics.Stopwatch.GetElapsedTime(started));
                    return Answer(posted.StatusCode, body, posted.Location, replayed: false);
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
                    if (await LineForPosting.EarlierAnswerAsync(db, caller.Scope, key) is { } first)
                        return Replay(first, key, requestHash);
                    throw;
                }
            }
            // The next attempt's read finds the answer of a request with the same key that won the race.
            if (attempt >= Attempts)
            {
                if (key is not null && await LineForPosting.EarlierAnswerAsync(db, caller.Scope, key) is { } raced)
                    return Replay(raced, key, requestHash);
                throw new ConflictException("concurrency.conflict",
                    "The line was changed by other requests at the same time; retry.");
            }
            await Task.Delay(Random.Shared.Next(5, 20 * attempt));
        }
    }

    private static IResult Replay(EarlierAnswer earlier, string key, string requestHash) =>
        earlier.RequestHash == requestHash
            ? Answer(earlier.StatusCode, earlier.ResponseBody, earlier.Location, replayed: true)
            : throw new KeyReusedException(key);

    private static IResult Answer(int status, string body, string? location, bool replayed) =>
        new StoredResult(status, body, location, replayed);

    private static string? ReadKey(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(KeyHeader, out var values)) return null;
        // Two headers would otherwise read as one key "k1,k2": neither the key the client meant nor one it can retry with.
        if (values.Count > 1)
            throw RequestValidationException.For(KeyHeader, ErrorCodes.IdempotencyKeyRepeated,
                "Send one Idempotency-Key header; this request carries several.");
        var key = values.ToString();
        if (key.Length is < 1 or > 128 || key.Any(c => c < 0x21 || c > 0x7e))
            throw RequestValidationException.For(KeyHeader, "The Idempotency-Key must be 1–128 visible ASCII characters.");
        return key;
    }

    private static string Operation(HttpContext http) =>
        http.Request.Path.Value is { } path ? path[(path.LastIndexOf('/') + 1)..] : "";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed class StoredResult(int status, string body, string? location, bool replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json; charset=utf-8";
            if (location is not null) http.Response.Headers.Location = location;
            if (replayed) http.Response.Headers[ReplayedHeader] = "true";
            await http.Response.WriteAsync(body);
        }
    }
}

/// <summary>The same idempotency key came with a different request.</summary>
public sealed class KeyReusedException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used with a different request.");
