using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NodaTime;
using Polly;
using Polly.Retry;

namespace LoanService.Infrastructure.Sms;

/// <summary>
/// A real SMS provider: <c>POST {BaseUrl}/messages</c> with <c>{clientReference, mobile, text}</c>,
/// signed by <see cref="SmsSignature"/>. The notice id is the client reference, so a send repeated
/// after a crash or a timeout is answered 409 <c>duplicate_client_reference</c> and counts as sent.
/// Transient failures get a few quick retries here (Polly); the durable retry is the outbox's.
/// </summary>
public sealed partial class HttpSmsGateway : ISmsGateway
{
    public const string DuplicateCode = "duplicate_client_reference";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly SmsOptions _options;
    private readonly IClock _clock;
    private readonly ResiliencePipeline<SmsSendResult> _retry;

    public HttpSmsGateway(HttpClient http, IOptions<SmsOptions> options, IClock clock)
    {
        _http = http;
        _options = options.Value;
        _clock = clock;
        var builder = new ResiliencePipelineBuilder<SmsSendResult>();
        if (_options.RetriesPerSend > 0)
            builder.AddRetry(new RetryStrategyOptions<SmsSendResult>
            {
                ShouldHandle = new PredicateBuilder<SmsSendResult>().HandleResult(r => r is SmsSendResult.RetryableFailure),
                MaxRetryAttempts = _options.RetriesPerSend,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        _retry = builder.Build();
    }

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken ct = default) =>
        await _retry.ExecuteAsync(async token => await SendOnceAsync(message, token), ct);

    private async Task<SmsSendResult> SendOnceAsync(SmsMessage message, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { clientReference = message.NoticeId.ToString(), mobile = message.Mobile, text = message.Text }, Json);
        // Signed per attempt: a retry carries a fresh timestamp and nonce.
        var signature = SmsSignature.Sign(_options.KeyId!, _options.Secret!, _clock.GetCurrentInstant(), body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl!.TrimEnd('/') + "/messages"));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in signature.All()) request.Headers.TryAddWithoutValidation(name, value);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var answer = await ReadAnswerAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => new SmsSendResult.Accepted(answer.MessageId ?? ""),
                409 when answer.Code == DuplicateCode => new SmsSendResult.AlreadyAccepted(answer.MessageId ?? ""),
                (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 =>
                    new SmsSendResult.RetryableFailure(Describe(status, answer)),
                _ => new SmsSendResult.PermanentFailure(Describe(status, answer)),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SmsSendResult.RetryableFailure($"no answer within {_options.TimeoutSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new SmsSendResult.RetryableFailure($"transport: {Scrub(e.Message)}");
        }
    }

    private sealed record Answer(string? MessageId, string? Code, string? Message);

    private static async Task<Answer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return (text.Length > 0 ? JsonSerializer.Deserialize<Answer>(text, Json) : null) ?? new Answer(null, null, null);
        }
        catch (JsonException)
        {
            return new Answer(null, null, text.Length > 200 ? text[..200] : text);
        }
    }

    private static string Describe(int status, Answer answer)
    {
        var text = $"HTTP {status}" + (answer.Code is null ? "" : $" {answer.Code}") + (answer.Message is null ? "" : $": {answer.Message}");
        return Scrub(text.Length > 900 ? text[..900] : text);
    }

    /// <summary>A provider may echo the number (or an ID) in its error text; the error is stored and logged, so mask it.</summary>
    public static string Scrub(string text) => LoanService.Domain.Borrowers.PersonalData.Scrub(text);
}
