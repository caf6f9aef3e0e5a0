using System.Net;
using LoanService.Api.Tests.Support;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using LoanService.Tests.Sms;

namespace LoanService.Api.Tests.Sms;

/// <summary><c>POST /api/v1/sms/receipts</c>: signed by the provider's key, idempotent, never undoes Delivered.</summary>
public abstract class SmsReceiptApiTests<TFactory> where TFactory : ApiFactory, new()
{
    private static async Task<(SmsHost Sms, Guid NoticeId)> SentNoticeAsync()
    {
        var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0));
        var (coop, _) = await sms.CooperativeAsync();
        var (line, _) = await SmsHost.OpenLineAsync(coop, "13812345678");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 5_000m })).Expect(HttpStatusCode.Created);
        await sms.Dispatcher.RunOnceAsync();
        var notice = Assert.Single(await sms.NoticesAsync());
        Assert.Equal(SmsStatus.Sent, notice.Status);
        return (sms, notice.Id);
    }

    [DatabaseFact]
    public async Task Receipt_ValidSignatureDelivered_MarksDelivered_AndARepeatChangesNothing()
    {
        var (sms, id) = await SentNoticeAsync();
        await using var _ = sms;
        var receipt = new { clientReference = id.ToString(), providerMessageId = sms.Provider.MessageIds[id.ToString()], status = "Delivered" };

        var first = (await sms.PostReceiptAsync(receipt)).Expect(HttpStatusCode.OK);
        sms.Clock.Advance(NodaTime.Duration.FromMinutes(1));
        var again = (await sms.PostReceiptAsync(receipt)).Expect(HttpStatusCode.OK);
        var late = (await sms.PostReceiptAsync(new { clientReference = id.ToString(), status = "Failed", error = "expired" }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("Delivered", first["status"]!.GetValue<string>());
        Assert.Equal("2026-01-05T02:00:00Z", first["deliveredAt"]!.GetValue<string>());
        Assert.Equal("2026-01-05T02:00:00Z", again["deliveredAt"]!.GetValue<string>());
        Assert.Equal("Delivered", late["status"]!.GetValue<string>());
        var notice = await sms.NoticeAsync(id);
        Assert.Equal(SmsStatus.Delivered, notice.Status);
    }

    [DatabaseFact]
    public async Task Receipt_Failed_MarksFailedWithTheErrorMasked()
    {
        var (sms, id) = await SentNoticeAsync();
        await using var _ = sms;

        (await sms.PostReceiptAsync(new { clientReference = id.ToString(), status = "Failed", error = "13812345678 switched off" }))
            .Expect(HttpStatusCode.OK);

        var notice = await sms.NoticeAsync(id);
        Assert.Equal(SmsStatus.Failed, notice.Status);
        Assert.Equal("receipt: 138****5678 switched off", notice.LastError);
    }

    [DatabaseFact]
    public async Task Receipt_ErrorWithNumbersInEveryForm_IsShownMaskedByGetNotices()
    {
        await using var sms = new SmsHost(new TFactory(), SettableClock.AtShanghai(2026, 1, 5, 10, 0));
        var (coop, _) = await sms.CooperativeAsync();
        var (line, _) = await SmsHost.OpenLineAsync(coop, "15004687710");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 5_000m })).Expect(HttpStatusCode.Created);
        await sms.Dispatcher.RunOnceAsync();
        var id = Assert.Single(await sms.NoticesAsync()).Id;

        // Only the bare 11 digits were caught before: +86, 0086, dashed, spaced, full-width and an 18-character resident ID passed.
        (await sms.PostReceiptAsync(new
        {
            clientReference = id.ToString(), status = "Failed",
            error = "+8615004687710 / 008615004687710 / 150-0468-7710 / +86 150 0468 7710 / １５００４６８７７１０ / 350982197506066062",
        })).Expect(HttpStatusCode.OK);

        const string masked = "receipt: 150****7710 / 150****7710 / 150****7710 / 150****7710 / 150****7710 / 350982********6062";
        Assert.Equal(masked, (await sms.NoticeAsync(id)).LastError);
        var shown = (await coop.GetAsync($"/api/v1/credit-lines/{line}/notices")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Equal(masked, Assert.Single(shown)!["lastError"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Receipt_ForgedOrTamperedOrUnsigned_Is401()
    {
        var (sms, id) = await SentNoticeAsync();
        await using var _ = sms;
        var receipt = new { clientReference = id.ToString(), status = "Delivered" };

        (await sms.PostReceiptAsync(receipt, secret: "forged-secret")).ExpectProblem(HttpStatusCode.Unauthorized, "sms.signature_invalid");
        (await sms.PostReceiptAsync(receipt, tamper: h => h[LoanService.Infrastructure.Sms.SmsSignature.ContentSha256Header] = new string('0', 64)))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sms.signature_invalid");
        (await sms.PostReceiptAsync(receipt, tamper: h => h.Remove(LoanService.Infrastructure.Sms.SmsSignature.SignatureHeader)))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sms.signature_invalid");
        (await sms.PostReceiptAsync(receipt, tamper: h => h[LoanService.Infrastructure.Sms.SmsSignature.TimestampHeader] =
            (sms.Clock.GetCurrentInstant().ToUnixTimeSeconds() - 301).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ExpectProblem(HttpStatusCode.Unauthorized, "sms.signature_invalid");

        Assert.Equal(SmsStatus.Sent, (await sms.NoticeAsync(id)).Status);
    }

    [DatabaseFact]
    public async Task Receipt_UnknownNotice_Is404()
    {
        var (sms, _) = await SentNoticeAsync();
        await using var __ = sms;

        (await sms.PostReceiptAsync(new { clientReference = Guid.NewGuid().ToString(), status = "Delivered" }))
            .ExpectProblem(HttpStatusCode.NotFound, "sms_notice.not_found");
    }
}

public sealed class SmsReceiptApiTestsOnSqlite : SmsReceiptApiTests<SqliteApiFactory>;

public sealed class SmsReceiptApiTestsOnPostgres : SmsReceiptApiTests<PostgresApiFactory>, IPostgresTests;
