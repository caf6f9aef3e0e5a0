using System.Text.Json;
using LoanService.Domain.Borrowers;
using Microsoft.Extensions.Options;
using NodaTime;

namespace LoanService.Infrastructure.Sms;

/// <summary>
/// The embedded default: nothing leaves the machine. Each message becomes one JSON line in
/// <see cref="SmsOptions.OutboxFile"/> with the mobile masked, since the file is as readable as a log.
/// </summary>
public sealed class FileSmsGateway(IOptions<SmsOptions> options, IClock clock) : ISmsGateway
{
    private static readonly SemaphoreSlim OneWriter = new(1, 1);

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken ct = default)
    {
        var path = Path.GetFullPath(options.Value.OutboxFile);
        var line = JsonSerializer.Serialize(new
        {
            clientReference = message.NoticeId,
            mobile = MobileNumber.Mask(message.Mobile),
            text = message.Text,
            at = clock.GetCurrentInstant().ToString(),
        }, Json) + "\n";
        await OneWriter.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.AppendAllTextAsync(path, line, ct);
        }
        finally
        {
            OneWriter.Release();
        }
        return new SmsSendResult.Accepted($"file-{message.NoticeId:N}");
    }
}
