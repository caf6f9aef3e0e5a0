using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Receipts are written to the outbox with the posting, in Chinese, once; opted-out borrowers get none.</summary>
public abstract class NoticeApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Draw_WritesOneDrawConfirmation_EvenWhenReplayed()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 30_000m }, "n-draw")).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 30_000m }, "n-draw")).Expect(HttpStatusCode.Created);

        var notices = (await coop.GetAsync($"/api/v1/credit-lines/{id}/notices")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        var notice = Assert.Single(notices)!;
        Assert.Equal("DrawConfirmation", notice["kind"]!.GetValue<string>());
        Assert.Equal("【福鼎农信】您于2026年1月5日支用党员先锋贷30000.00元，当前可用额度70000.00元。如非本人操作，请即致电信用社。",
            notice["text"]!.GetValue<string>());
        Assert.Equal(1, notice["segments"]!.GetValue<int>());
        Assert.Equal("Pending", notice["status"]!.GetValue<string>());
    }

    [DatabaseFact]
    public async Task Repayment_ByOptedOutBorrower_WritesNoReceipt()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var borrowerId = (await coop.PostAsync("/api/v1/borrowers", new
        {
            name = "王五", residentId = ApiClient.NextResidentId(), mobile = "13912345678", regionCode = "350982101",
            partyBranch = "第一党支部", inDifficulty = true, registeredPoor = false, smsOptOut = true,
        })).Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
        var id = (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId, limit = 50_000m, annualRate = 0.0435m, termMonths = 12 }))
            .Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 500m })).Expect(HttpStatusCode.Created);

        var notices = (await coop.GetAsync($"/api/v1/credit-lines/{id}/notices")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Empty(notices);
    }

    [DatabaseFact]
    public async Task NoticeCadence_IsTheCooperativesOwn_AndValidated()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var (other, _) = await factory.Operator().CreateCooperativeAsync(factory, "霞浦县村镇银行");
        var initial = (await coop.GetAsync("/api/v1/cooperatives/me/notice-cadence")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, initial["interestReminderDaysBefore"]!.GetValue<int>());

        var set = (await coop.SendAsync(HttpMethod.Put, "/api/v1/cooperatives/me/notice-cadence",
            new { interestReminderDaysBefore = 5, overdueNoticeDaysPastDue = new[] { 15, 1, 3 } })).Expect(HttpStatusCode.OK);
        Assert.Equal([1, 3, 15], set["overdueNoticeDaysPastDue"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.Equal([30, 7], set["maturityReminderDaysBefore"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.Equal(5, (await coop.GetAsync("/api/v1/cooperatives/me/notice-cadence")).Expect(HttpStatusCode.OK)["interestReminderDaysBefore"]!.GetValue<int>());
        Assert.Equal(3, (await other.GetAsync("/api/v1/cooperatives/me/notice-cadence")).Expect(HttpStatusCode.OK)["interestReminderDaysBefore"]!.GetValue<int>());

        (await coop.SendAsync(HttpMethod.Put, "/api/v1/cooperatives/me/notice-cadence", new { interestReminderDaysBefore = 0 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "settings.invalid");
        (await factory.Operator().SendAsync(HttpMethod.Put, "/api/v1/cooperatives/me/notice-cadence", new { interestReminderDaysBefore = 4 }))
            .ExpectProblem(HttpStatusCode.Forbidden, "auth.forbidden_role");
    }
}

public sealed class NoticeApiTestsOnSqlite(SqliteApiFactory factory) : NoticeApiTests<SqliteApiFactory>(factory);

public sealed class NoticeApiTestsOnPostgres(PostgresApiFactory factory) : NoticeApiTests<PostgresApiFactory>(factory), IPostgresTests;
