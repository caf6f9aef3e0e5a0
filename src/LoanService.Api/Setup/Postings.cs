using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoanService.Application.Postings;
using LoanService.Domain;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LoanService.Api.Setup;

/// <summary>What a money-moving handler made: the status, the body and where the new resource is.</summary>
public sealed record Posted(int StatusCode, object Body, string? Location = null);

/// <summary>
/// The HTTP side of a posting, which <see cref="LinePostings"/> runs once per idempotency key: reads
/// the <c>Idempotency-Key</c> header and fingerprints the request (method, path and body), serializes
/// the handler's answer so that it can be stored, and writes the answer, with
/// <c>Idempotent-Replayed: true</c> when it is an earlier request's.
/// </summary>
public sealed class Postings(LinePostings postings, IOptions<JsonOptions> json, PostingMetrics metrics)
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Runs <paramref name="post"/> on line <paramref name="lineId"/> of the caller's cooperative, once per key.</summary>
    public async Task<IResult> RunAsync<T>(HttpContext http, object? request, Guid lineId,
        Func<PostingTarget, CancellationToken, Task<T>> post, Func<T, Posted> answer)
    {
        var caller = Caller.From(http.User);
        var key = ReadKey(http);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Only a request with a key is compared with an earlier one.
        var idempotency = key is null
            ? null
            : new IdempotencyKey(key, Hash(http.Request.Method + " " + http.Request.Path + "\n" +
                                           JsonSerializer.Serialize(request, json.Value.SerializerOptions)));
        var outcome = await postings.RunAsync(new Poster(caller.CooperativeId, caller.Scope), lineId, idempotency, post,
            result => Serialize(answer(result)), http.RequestAborted);
        if (!outcome.Replayed) metrics.Committed(Operation(http), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return new StoredResult(outcome.Answer, outcome.Replayed);
    }

    private PostingAnswer Serialize(Posted posted) =>
        new(posted.StatusCode, JsonSerializer.Serialize(posted.Body, json.Value.SerializerOptions), posted.Location);

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

    private sealed class StoredResult(PostingAnswer answer, bool replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = answer.StatusCode;
            http.Response.ContentType = "application/json; charset=utf-8";
            if (answer.Location is not null) http.Response.Headers.Location = answer.Location;
            if (replayed) http.Response.Headers[ReplayedHeader] = "true";
            await http.Response.WriteAsync(answer.Body);
        }
    }
}
