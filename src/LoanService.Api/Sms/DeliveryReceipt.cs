using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using LoanService.Api.Setup;
using LoanService.Application.Notices;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Api.Sms;

/// <summary><c>clientReference</c> is the notice id we sent as the message's client reference.</summary>
public sealed record DeliveryReceiptRequest([Required, StringLength(36, MinimumLength = 32)] string? ClientReference,
    [StringLength(100)] string? ProviderMessageId, [Required] ReceiptStatus? Status, [StringLength(2000)] string? Error);

public sealed record DeliveryReceiptResponse(Guid NoticeId, SmsStatus Status, Instant? DeliveredAt);

/// <summary>
/// The provider tells us what became of a message. The body is read raw because the signature
/// covers its exact bytes. Idempotent: a receipt repeated, or arriving after a final status, changes
/// nothing. Delivered is final; a Failed receipt does not undo it (<see cref="SmsNotice.ApplyReceipt"/>).
/// </summary>
public static class DeliveryReceipt
{
    public static async Task<Ok<DeliveryReceiptResponse>> Handle(HttpContext http, NoticeReceipts receipts,
        IOptions<SmsOptions> options, SmsNonces nonces, IClock clock, IOptions<JsonOptions> json, ILoggerFactory logs)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var now = clock.GetCurrentInstant();
        var sms = options.Value;
        var headers = http.Request.Headers;
        string? Header(string name) => headers.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null;
        if (sms.KeyId is not { Length: > 0 } keyId || sms.Secret is not { Length: > 0 } secret
            || !SmsSignature.Verify(Header(SmsSignature.KeyIdHeader), Header(SmsSignature.TimestampHeader),
                Header(SmsSignature.NonceHeader), Header(SmsSignature.ContentSha256Header), Header(SmsSignature.SignatureHeader),
                body, keyId, secret, now, nonces))
            throw new UnauthenticatedException("sms.signature_invalid",
                "The receipt's X-Sms-* signature headers are missing, stale, replayed or do not sign this body with our key.");

        JsonBodyCheck.Check(body);
        DeliveryReceiptRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<DeliveryReceiptRequest>(body, json.Value.SerializerOptions);
        }
        catch (CodedJsonException e)
        {
            throw RequestValidationException.For(e.Path is { Length: > 2 } p ? p[2..] : "body", e.Code, e.Message);
        }
        catch (JsonException)
        {
            throw RequestValidationException.For("body", "The body is not a valid receipt.");
        }
        if (request is null || !Guid.TryParse(request.ClientReference, out var noticeId))
            throw RequestValidationException.For("clientReference", "The client reference must be the notice id we sent.");
        if (request.Status is not { } status)
            throw RequestValidationException.For("status", "The status must be Delivered or Failed.");

        var applied = await receipts.ApplyAsync(noticeId, status, request.ProviderMessageId, request.Error, http.RequestAborted);
        if (applied.Changed)
            logs.CreateLogger(typeof(DeliveryReceipt)).LogInformation("SMS notice {NoticeId}: receipt says {Status}", applied.NoticeId, status);
        return TypedResults.Ok(new DeliveryReceiptResponse(applied.NoticeId, applied.Status, applied.DeliveredAt));
    }
}
