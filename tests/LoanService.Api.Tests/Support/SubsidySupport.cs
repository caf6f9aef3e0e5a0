using System.Net;
using System.Text.Json.Nodes;

namespace LoanService.Api.Tests.Support;

/// <summary>The tests' vocabulary for subsidy programmes (贴息项目) and their liabilities.</summary>
public static class SubsidySupport
{
    /// <summary>
    /// A programme body: 福鼎市 (350982) for 2026, 3,000,000.00, a fixed 3.00% a year, 直接贴息, unless
    /// told otherwise. <paramref name="principalCap"/> null leaves the default (200,000.00).
    /// </summary>
    public static object ProgramBody(IEnumerable<Guid> cooperativeIds, string name = "福鼎市2026年党员先锋贷贴息",
        string regionCode = "350982", string startDate = "2026-01-01", string endDate = "2026-12-31",
        decimal budget = 3_000_000m, decimal? principalCap = null, string kind = "FixedRate", decimal value = 0.03m,
        string mode = "LenderClaims", Guid? orgDepartmentId = null, string funder = "中共福鼎市委组织部") => new
    {
        name, funder, regionCode, cooperativeIds = cooperativeIds.ToArray(), startDate, endDate,
        budget, principalCap, rateRule = new { kind, value }, mode, orgDepartmentId,
    };

    /// <summary>
    /// Creates the programme and, as the operator may for them, accepts it for every cooperative it names,
    /// so that their lines can enrol. <paramref name="accept"/> false leaves them pending.
    /// </summary>
    public static async Task<Guid> CreateProgramAsync(this ApiClient funder, object body, bool accept = true)
    {
        var created = (await funder.PostAsync("/api/v1/subsidy-programs", body)).Expect(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        if (accept) await AcceptForAllAsync(funder.Http, id, created["cooperativeIds"]!.AsArray().Select(c => c!.GetValue<Guid>()));
        return id;
    }

    /// <summary>The operator accepts programme <paramref name="programId"/> for each of <paramref name="cooperativeIds"/>.</summary>
    public static async Task AcceptForAllAsync(HttpClient http, Guid programId, IEnumerable<Guid> cooperativeIds)
    {
        var op = new ApiClient(http, ApiFactory.OperatorKey);
        foreach (var cooperativeId in cooperativeIds)
            (await op.PostAsync($"/api/v1/subsidy-programs/{programId}/accept", new { cooperativeId })).Expect(HttpStatusCode.OK);
    }

    public static async Task<JsonNode> LiabilitiesAsync(this ApiClient client, Guid programId, string? asOf = null) =>
        (await client.GetAsync($"/api/v1/subsidy-programs/{programId}/liabilities" + (asOf is null ? "" : $"?asOf={asOf}")))
        .Expect(HttpStatusCode.OK);

    /// <summary>Asserts every bucket of a liabilities object (<c>totals</c> or one group's <c>liabilities</c>).</summary>
    public static void AssertBuckets(JsonNode buckets, decimal accruedUnbilled = 0m, decimal billedNotEarned = 0m,
        decimal earnedNotClaimed = 0m, decimal claimedNotPaid = 0m, decimal paid = 0m, decimal forfeited = 0m,
        decimal? used = null)
    {
        Assert.Equal(accruedUnbilled, buckets.Money("accruedUnbilled"));
        Assert.Equal(billedNotEarned, buckets.Money("billedNotEarned"));
        Assert.Equal(earnedNotClaimed, buckets.Money("earnedNotClaimed"));
        Assert.Equal(claimedNotPaid, buckets.Money("claimedNotPaid"));
        Assert.Equal(paid, buckets.Money("paid"));
        Assert.Equal(forfeited, buckets.Money("forfeited"));
        Assert.Equal(used ?? accruedUnbilled + billedNotEarned + earnedNotClaimed + claimedNotPaid + paid, buckets.Money("used"));
    }

    /// <summary>The part of a liabilities report that describes the state at <c>asOf</c> (not today's forecast).</summary>
    public static string StateAt(JsonNode report) => new JsonObject
    {
        ["totals"] = report["totals"]!.DeepClone(),
        ["remainingBudget"] = report["remainingBudget"]!.DeepClone(),
        ["byCooperative"] = report["byCooperative"]!.DeepClone(),
        ["byTownship"] = report["byTownship"]!.DeepClone(),
        ["byLine"] = new JsonArray(report["byLine"]!.AsArray()
            .Select(l => (JsonNode)new JsonObject { ["lineId"] = l!["lineId"]!.DeepClone(), ["liabilities"] = l["liabilities"]!.DeepClone() })
            .ToArray()),
    }.ToJsonString();

    public static JsonNode Line(this JsonNode report, Guid lineId) =>
        Assert.Single(report["byLine"]!.AsArray(), l => l!["lineId"]!.GetValue<Guid>() == lineId)!;
}
