using System.Text.Json.Nodes;

namespace LoanService.Api.Setup.OpenApi;

/// <summary>
/// Examples from the README's walk-through (a 100,000 line at 4.35% opened on 5 January 2026, closed
/// through the 20th: 193.33 billed, a 1,000 repayment split 193.33 / 806.67; the 福鼎 subsidy programme).
/// </summary>
internal static class ContractExamples
{
    private static readonly Dictionary<string, Func<JsonNode>> ByType = new(StringComparer.Ordinal)
    {
        ["CreateCooperativeRequest"] = () => new JsonObject { ["name"] = "福鼎市农村信用合作联社", ["signature"] = "福鼎农信" },
        ["CreateOrgDepartmentRequest"] = () => new JsonObject { ["name"] = "中共福鼎市委组织部", ["regionCode"] = "350982" },
        ["RegisterBorrowerRequest"] = () => new JsonObject
        {
            ["name"] = "张三", ["residentId"] = "11010519491231002X", ["mobile"] = "+8613812345678", ["regionCode"] = "350982101",
            ["partyBranch"] = "第一党支部", ["inDifficulty"] = true, ["registeredPoor"] = false, ["smsOptOut"] = false,
        },
        ["BorrowerResponse"] = () => new JsonObject
        {
            ["id"] = "0f8fad5b-d9cb-469f-a165-70867728950e", ["name"] = "张*", ["residentId"] = "110105********002X",
            ["mobile"] = "138****5678", ["regionCode"] = "350982101", ["partyBranch"] = "第一党支部", ["inDifficulty"] = true,
            ["registeredPoor"] = false, ["smsOptOut"] = false,
        },
        ["OpenLineRequest"] = () => new JsonObject
        {
            ["borrowerId"] = "0f8fad5b-d9cb-469f-a165-70867728950e", ["limit"] = 100000, ["annualRate"] = 0.0435, ["termMonths"] = 12,
        },
        ["DrawRequest"] = () => new JsonObject { ["amount"] = 100000 },
        ["RepaymentRequest"] = () => new JsonObject { ["amount"] = 1000 },
        ["AllocationResponse"] = () => new JsonObject
        {
            ["penaltyInterest"] = 0.00, ["overdueInterest"] = 0.00, ["overduePrincipal"] = 0.00, ["interest"] = 193.33, ["principal"] = 806.67,
        },
        ["PayoffBreakdown"] = () => new JsonObject
        {
            ["penaltyInterest"] = 0.00, ["overdueInterest"] = 0.00, ["overduePrincipal"] = 0.00, ["billedInterest"] = 0.00,
            ["principal"] = 99193.33, ["accruedInterest"] = 0.00,
        },
        ["ExtensionRequest"] = () => new JsonObject { ["newMaturityDate"] = "2027-07-05", ["reason"] = "受灾减产" },
        ["RenewalRequest"] = () => new JsonObject { ["limit"] = 100000, ["termMonths"] = 12, ["annualRate"] = 0.0435 },
        ["CloseBusinessDayRequest"] = () => new JsonObject { ["through"] = "2026-01-20" },
        ["BusinessDateResponse"] = () => new JsonObject { ["businessDate"] = "2026-01-21" },
        ["CreateSubsidyProgramRequest"] = () => new JsonObject
        {
            ["name"] = "党员先锋贷贴息", ["funder"] = "中共福鼎市委组织部", ["regionCode"] = "350982",
            ["cooperativeIds"] = new JsonArray("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), ["startDate"] = "2026-01-01",
            ["endDate"] = "2026-12-31", ["budget"] = 3000000, ["rateRule"] = new JsonObject { ["kind"] = "FixedRate", ["value"] = 0.03 },
            ["mode"] = "LenderClaims",
        },
        ["RateRuleDto"] = () => new JsonObject { ["kind"] = "FixedRate", ["value"] = 0.03 },
        ["CreateClaimRequest"] = () => new JsonObject { ["periodStart"] = "2026-02-01", ["periodEnd"] = "2026-02-20" },
        ["ClaimDecisionRequest"] = () => new JsonObject { ["reason"] = "材料不全，请补充" },
        ["NoticeCadenceRequest"] = () => new JsonObject
        {
            ["interestReminderDaysBefore"] = 3, ["maturityReminderDaysBefore"] = new JsonArray(30, 7),
            ["overdueNoticeDaysPastDue"] = new JsonArray(1, 7, 30),
        },
        ["MonthlySubsidy"] = () => new JsonObject { ["month"] = "2026-02", ["township"] = "350982101", ["amount"] = 83.33 },
    };

    public static JsonNode? For(string typeName) => ByType.TryGetValue(typeName, out var make) ? make() : null;
}
