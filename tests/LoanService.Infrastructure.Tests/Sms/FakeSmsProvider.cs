using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LoanService.Infrastructure.Sms;
using NodaTime;

namespace LoanService.Tests.Sms;

/// <summary>What the fake provider does with one request.</summary>
public enum ProviderBehaviour
{
    /// <summary>200 with a message id, or 409 duplicate_client_reference for a reference it already has.</summary>
    Accept,
    /// <summary>503 without taking the message.</summary>
    Unavailable,
    /// <summary>Takes the message, then answers only after <see cref="FakeSmsProvider.HangFor"/>: the sender times out.</summary>
    AcceptThenHang,
    /// <summary>400 invalid_number, echoing the number as real providers do.</summary>
    RejectNumber,
}

/// <summary>
/// An SMS provider on 127.0.0.1 and a free port, as a real HTTP server: it checks the X-Sms-*
/// signature (401 when wrong), remembers client references and answers a repeat with 409
/// <c>duplicate_client_reference</c>, and fails or hangs on the requests <see cref="Decide"/> picks.
/// </summary>
public sealed class FakeSmsProvider : IAsyncDisposable
{
    public const string KeyId = "loanservice-test";
    public const string Secret = "test-secret-0123456789abcdef";

    private readonly HttpListener _listener = new();
    private readonly Func<Instant> _now;
    private readonly SmsNonces _nonces = new();
    private readonly Task _loop;
    private int _requests;

    public FakeSmsProvider(Func<Instant> now)
    {
        _now = now;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    /// <summary>(request number from 1, mobile) → what to do. Accepts everything by default.</summary>
    public Func<int, string, ProviderBehaviour> Decide { get; set; } = (_, _) => ProviderBehaviour.Accept;

    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Client reference → how many times the message was taken for delivery (must never exceed 1).</summary>
    public ConcurrentDictionary<string, int> Accepted { get; } = new();

    /// <summary>Client reference → the provider's message id.</summary>
    public ConcurrentDictionary<string, string> MessageIds { get; } = new();

    public ConcurrentQueue<(string ClientReference, string Mobile, string Text)> Messages { get; } = new();

    public int Requests => _requests;
    public int Duplicates;
    public int Unavailable;
    public int Hung;
    public int Rejected;
    public int BadSignatures;

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var number = Interlocked.Increment(ref _requests);
            if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/messages")
            {
                await AnswerAsync(context, 404, new { code = "not_found" });
                return;
            }
            if (!SmsSignature.Verify(request.Headers[SmsSignature.KeyIdHeader], request.Headers[SmsSignature.TimestampHeader],
                    request.Headers[SmsSignature.NonceHeader], request.Headers[SmsSignature.ContentSha256Header],
                    request.Headers[SmsSignature.SignatureHeader], body, KeyId, Secret, _now(), _nonces))
            {
                Interlocked.Increment(ref BadSignatures);
                await AnswerAsync(context, 401, new { code = "signature_invalid", message = "bad signature" });
                return;
            }
            using var json = JsonDocument.Parse(body);
            var reference = json.RootElement.GetProperty("clientReference").GetString()!;
            var mobile = json.RootElement.GetProperty("mobile").GetString()!;
            var text = json.RootElement.GetProperty("text").GetString()!;
            switch (Decide(number, mobile))
            {
                case ProviderBehaviour.Unavailable:
                    Interlocked.Increment(ref Unavailable);
                    await AnswerAsync(context, 503, new { code = "unavailable", message = "try later" });
                    return;
                case ProviderBehaviour.RejectNumber:
                    Interlocked.Increment(ref Rejected);
                    await AnswerAsync(context, 400, new { code = "invalid_number", message = $"{mobile} is not a reachable number" });
                    return;
                case ProviderBehaviour.AcceptThenHang:
                    var (status, answer) = Take(reference, mobile, text);
                    Interlocked.Increment(ref Hung);
                    await Task.Delay(HangFor);
                    await AnswerAsync(context, status, answer);
                    return;
                default:
                    var (s, a) = Take(reference, mobile, text);
                    await AnswerAsync(context, s, a);
                    return;
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client gave up (timed out) or the server is stopping.
        }
    }

    private (int Status, object Answer) Take(string reference, string mobile, string text)
    {
        lock (Accepted)
        {
            if (MessageIds.TryGetValue(reference, out var existing))
            {
                Interlocked.Increment(ref Duplicates);
                return (409, new { code = HttpSmsGateway.DuplicateCode, messageId = existing, message = "already accepted" });
            }
            var id = "m-" + Guid.NewGuid().ToString("N")[..12];
            MessageIds[reference] = id;
            Accepted.AddOrUpdate(reference, 1, (_, n) => n + 1);
            Messages.Enqueue((reference, mobile, text));
            return (200, new { messageId = id });
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context, int status, object body)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
