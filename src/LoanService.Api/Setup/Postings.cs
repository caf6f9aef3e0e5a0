using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Api.Setup;

/// <summary>What a money-moving handler made: the status, the body and where the new resource is.</summary>
public sealed record Posted(int StatusCode, object Body, string? Location = null);

/// <summary>
/// Runs a money-moving request once: with an <c>Idempotency-Key</c>, a repeat with the same body
/// replays the first answer (<c>Idempotent-Replayed: true</c>) and posts nothing; the same key with
/// another body is refused. The posting and the stored answer are saved in one transaction; the
/// line is locked for it (<c>FOR UPDATE</c> on PostgreSQL, SQLite's immediate transactions
/// serialize writers), and a save that still collides is tried again from a fresh read.
/// </summary>
public sealed class Postings(LoanServiceDbContext db, IOptions<JsonOptions> json, IClock clock)
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int Attempts = 8;

    public async Task<IResult> RunAsync(HttpContext http, Caller caller, object? request, Func<Task<Posted>> post)
    {
        var key = ReadKey(http);
        var requestHash = Hash(http.Request.Method + " " + http.Request.Path + "\n" +
                               JsonSerializer.Serialize(request, json.Value.SerializerOptions));
        if (key is not null && await ReplayAsync(caller.Scope, key, requestHash) is { } replay)
            return replay;

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using (var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted))
            {
                try
                {
                    var posted = await post();
                    var body = JsonSerializer.Serialize(posted.Body, json.Value.SerializerOptions);
                    if (key is not null)
                        db.IdempotencyRecords.Add(new IdempotencyRecord
                        {
                            Scope = caller.Scope, Key = key, RequestHash = requestHash, StatusCode = posted.StatusCode,
                            ResponseBody = body, Location = posted.Location, CreatedAt = clock.GetCurrentInstant(),
                        });
                    await db.SaveChangesAsync(http.RequestAborted);
                    await transaction.CommitAsync(http.RequestAborted);
                    return Answer(posted.StatusCode, body, posted.Location, replayed: false);
                }
                catch (DbUpdateException) when (attempt < Attempts || key is not null)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
            }
            // A concurrent request with the same key may have won the race: answer as it did.
            if (key is not null && await ReplayAsync(caller.Scope, key, requestHash) is { } raced) return raced;
            if (attempt >= Attempts)
                throw new ConflictException("concurrency.conflict",
                    "The line was changed by other requests at the same time; retry.");
            await Task.Delay(Random.Shared.Next(5, 20 * attempt));
        }
    }

    private async Task<IResult?> ReplayAsync(string scope, string key, string requestHash)
    {
        db.ChangeTracker.Clear();
        var first = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key);
        if (first is null) return null;
        if (first.RequestHash != requestHash)
            throw new KeyReusedException(key);
        return Answer(first.StatusCode, first.ResponseBody, first.Location, replayed: true);
    }

    private static IResult Answer(int status, string body, string? location, bool replayed) =>
        new StoredResult(status, body, location, replayed);

    private static string? ReadKey(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(KeyHeader, out var values)) return null;
        var key = values.ToString();
        if (key.Length is < 1 or > 128 || key.Any(c => c < 0x21 || c > 0x7e))
            throw RequestValidationException.For(KeyHeader, "The Idempotency-Key must be 1–128 visible ASCII characters.");
        return key;
    }

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
