using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Resident IDs, mobiles and names never reach a log, at any level, even on refusals.</summary>
public class PersonalDataLoggingTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task FullScenario_LogsNoResidentIdMobileOrName()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var residentId = ApiClient.NextResidentId();
        const string mobile = "13812349876";
        const string name = "欧阳明远";
        var borrowerId = (await coop.PostAsync("/api/v1/borrowers", new
        {
            name, residentId, mobile = "+86" + mobile, regionCode = "350982101", partyBranch = "第三党支部",
            inDifficulty = true, registeredPoor = true, smsOptOut = false,
        })).Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
        (await coop.PostAsync("/api/v1/borrowers", new { name, residentId, mobile, regionCode = "350982101" }))
            .ExpectProblem(HttpStatusCode.Conflict, "borrower.already_registered");
        (await coop.PostAsync("/api/v1/borrowers", new { name, residentId = residentId[..17] + "Y", mobile, regionCode = "350982101" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "borrower.resident_id_invalid");
        var lineId = (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId, limit = 80_000m, annualRate = 0.0435m, termMonths = 12 }))
            .Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/draws", new { amount = 80_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{lineId}/draws", new { amount = 1m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "draw.exceeds_available");
        (await op.PostAsync("/api/v1/operations/close-business-day", new { })).Expect(HttpStatusCode.OK);
        (await coop.GetAsync($"/api/v1/borrowers/{borrowerId}")).Expect(HttpStatusCode.OK);

        Assert.NotEmpty(factory.Logs.Lines);
        foreach (var line in factory.Logs.Lines)
        {
            Assert.DoesNotContain(residentId, line);
            Assert.DoesNotContain(residentId[..17], line);
            Assert.DoesNotContain(mobile, line);
            Assert.DoesNotContain(name, line);
        }
    }
}
