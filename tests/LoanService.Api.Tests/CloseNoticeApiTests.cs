using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Closing days writes the reminders and overdue notices they call for, each once, with the close.</summary>
public abstract class CloseNoticeApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task CloseAcrossDueDate_WritesReminderThenOverdueNotice_Once()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);

        // Through 21 January without paying the 193.33 billed on the 20th (due the 21st).
        (await op.PostAsync("/api/v1/operations/close-business-day", new { through = "2026-01-21" })).Expect(HttpStatusCode.OK);

        var notices = (await coop.GetAsync($"/api/v1/credit-lines/{id}/notices")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Equal(["DrawConfirmation", "InterestDueReminder", "OverdueNotice"],
            notices.Select(n => n!["kind"]!.GetValue<string>()));

        var reminder = notices[1]!;
        // 16 days (5–20 Jan) × 100000 × 0.0435 / 360 = 193.3333 → about 193.33, due on the 21st;
        // written by the close of the 17th for the 18th, not before 08:00 Asia/Shanghai (00:00 UTC).
        Assert.Equal("【福鼎农信】您的党员先锋贷本期利息约193.33元，将于2026年1月21日扣收，请提前存足款项。",
            reminder["text"]!.GetValue<string>());
        Assert.Equal("2026-01-18", reminder["businessDate"]!.GetValue<string>());
        Assert.Equal("2026-01-18T00:00:00Z", reminder["notBefore"]!.GetValue<string>());

        var overdue = notices[2]!;
        Assert.Equal("【福鼎农信】您的党员先锋贷已逾期1天，逾期本息及罚息共193.33元，请尽快还款，以免影响您的信用记录。",
            overdue["text"]!.GetValue<string>());
        Assert.Equal("2026-01-22", overdue["businessDate"]!.GetValue<string>());
        Assert.Equal(1, overdue["segments"]!.GetValue<int>()); // 52 characters, signature included: one segment
    }
}

public sealed class CloseNoticeApiTestsOnSqlite(SqliteApiFactory factory) : CloseNoticeApiTests<SqliteApiFactory>(factory);

public sealed class CloseNoticeApiTestsOnPostgres(PostgresApiFactory factory)
    : CloseNoticeApiTests<PostgresApiFactory>(factory), IPostgresTests;
