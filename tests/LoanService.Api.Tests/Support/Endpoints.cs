using System.Text.Json.Nodes;

namespace LoanService.Api.Tests.Support;

/// <summary>Who may call an endpoint.</summary>
public enum Access
{
    Operator,
    Cooperative,
    OrgDepartment,
    /// <summary>Whoever may fund a programme: the operator or a department.</summary>
    Funder,
    /// <summary>Everyone a programme concerns: the operator, its department, its cooperatives.</summary>
    SubsidyParty,
    /// <summary>Who reads a programme's liabilities and claims: its department and its cooperatives, not the operator.</summary>
    SubsidyReader,
    /// <summary>Who accepts a programme for a cooperative: the cooperative, or the operator for it.</summary>
    Participant,
    AnyRole,
}

/// <summary>
/// The ids a tenant owns, to fill an endpoint's path and body: a cooperative's line and borrower, and the
/// subsidy programme of its department (in which the cooperative takes part) with the cooperative's claim.
/// </summary>
public sealed record TenantIds(Guid LineId, Guid BorrowerId, Guid CooperativeId, Guid DepartmentId, Guid ProgramId, Guid ClaimId,
    Guid CaseId = default)
{
    public static readonly TenantIds None = new(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty);
}

/// <summary>
/// One endpoint: method, the path template as the OpenAPI document writes it, who may call it, and
/// a valid body for it (built from the caller's own ids). <see cref="Tenanted"/> endpoints name a
/// cooperative's resource in their path.
/// </summary>
public sealed record Endpoint(string Method, string Template, Access Access, Func<TenantIds, string?> Body)
{
    public bool Tenanted => Template.Contains("{id}");

    public string Path(TenantIds ids, string? id = null) => Template
        .Replace("{id}", id ?? IdIn(ids).ToString())
        .Replace("{date}", ApiFactory.FirstBusinessDate);

    /// <summary>The id of the tenant's resource that the path names.</summary>
    public Guid IdIn(TenantIds ids) =>
        Template.StartsWith("/api/v1/borrowers") ? ids.BorrowerId
        : Template.StartsWith("/api/v1/subsidy-programs") ? ids.ProgramId
        : Template.StartsWith("/api/v1/subsidy-claims") ? ids.ClaimId
        : Template.StartsWith("/api/v1/warning-cases") ? ids.CaseId
        : ids.LineId;

    /// <summary>The problem code when the path names a resource the caller may not see.</summary>
    public string NotFoundCode =>
        Template.StartsWith("/api/v1/borrowers") ? "borrower.not_found"
        : Template.StartsWith("/api/v1/subsidy-programs") ? "subsidy_program.not_found"
        : Template.StartsWith("/api/v1/subsidy-claims") ? "subsidy_claim.not_found"
        : Template.StartsWith("/api/v1/warning-cases") ? "case.not_found"
        : "credit_line.not_found";

    /// <summary>Whether the endpoint reads a body (freeze, unfreeze, approve and mark-paid are POSTs without one).</summary>
    public bool TakesBody => Body(TenantIds.None) is not null && Method is "POST" or "PUT";

    public HttpMethod HttpMethod => new(Method);

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>
/// Every key-authenticated endpoint of the service, in an order in which the owner can call them
/// one after the other (the close runs before its run is read). The SMS receipt endpoint is signed,
/// not keyed, and is not here.
/// </summary>
public static class Endpoints
{
    public static readonly IReadOnlyList<Endpoint> All =
    [
        new("POST", "/api/v1/cooperatives", Access.Operator, _ => Json(new { name = "霞浦县农村信用合作联社", signature = "霞浦农信" })),
        new("POST", "/api/v1/org-departments", Access.Operator, _ => Json(new { name = "中共霞浦县委组织部", regionCode = "350921" })),
        new("GET", "/api/v1/business-date", Access.AnyRole, _ => null),
        new("POST", "/api/v1/borrowers", Access.Cooperative, _ => Json(new
        {
            name = "李四", residentId = ApiClient.NextResidentId(), mobile = "+86 139 0000 1111", regionCode = "350982101",
            partyBranch = "硖门畲族乡第一党支部", inDifficulty = false, registeredPoor = false, smsOptOut = false,
        })),
        new("GET", "/api/v1/borrowers/{id}", Access.Cooperative, _ => null),
        new("POST", "/api/v1/credit-lines", Access.Cooperative, ids => Json(new
            { borrowerId = ids.BorrowerId, limit = 50_000m, annualRate = 0.0435m, termMonths = 12 })),
        new("GET", "/api/v1/credit-lines", Access.Cooperative, _ => null),
        new("GET", "/api/v1/credit-lines/{id}", Access.Cooperative, _ => null),
        new("POST", "/api/v1/credit-lines/{id}/draws", Access.Cooperative, _ => Json(new { amount = 100.00m })),
        new("POST", "/api/v1/credit-lines/{id}/repayments", Access.Cooperative, _ => Json(new { amount = 50.00m })),
        new("GET", "/api/v1/credit-lines/{id}/payoff-quote", Access.Cooperative, _ => null),
        new("POST", "/api/v1/credit-lines/{id}/extensions", Access.Cooperative, _ => Json(new { newMaturityDate = "2027-07-05", reason = "受灾减产" })),
        new("POST", "/api/v1/credit-lines/{id}/renewals", Access.Cooperative, _ => Json(new { limit = 60_000m, termMonths = 12, annualRate = 0.0435m })),
        new("POST", "/api/v1/credit-lines/{id}/freeze", Access.Cooperative, _ => null),
        new("POST", "/api/v1/credit-lines/{id}/unfreeze", Access.Cooperative, _ => null),
        new("GET", "/api/v1/credit-lines/{id}/transactions", Access.Cooperative, _ => null),
        new("GET", "/api/v1/credit-lines/{id}/notices", Access.Cooperative, _ => null),
        new("GET", "/api/v1/credit-lines/{id}/classification-history", Access.Cooperative, _ => null),
        new("GET", "/api/v1/credit-lines/{id}/classification", Access.Cooperative, _ => null),
        new("GET", "/api/v1/cooperatives/me/notice-cadence", Access.Cooperative, _ => null),
        new("PUT", "/api/v1/cooperatives/me/notice-cadence", Access.Cooperative, _ => Json(new
            { interestReminderDaysBefore = 3, maturityReminderDaysBefore = new[] { 30, 7 }, overdueNoticeDaysPastDue = new[] { 1, 7 } })),
        new("POST", "/api/v1/subsidy-programs", Access.Funder, ids => Json(new
        {
            name = "福鼎市2026年党员先锋贷贴息（第二批）", funder = "中共福鼎市委组织部", regionCode = "350982",
            cooperativeIds = new[] { ids.CooperativeId }, startDate = "2026-01-01", endDate = "2026-12-31", budget = 1_000_000m,
            principalCap = 200_000m, rateRule = new { kind = "FixedRate", value = 0.03m }, mode = "LenderClaims",
            forfeitOnLatePayment = true, coversExtendedLines = false, orgDepartmentId = ids.DepartmentId,
        })),
        new("GET", "/api/v1/subsidy-programs", Access.SubsidyParty, _ => null),
        new("GET", "/api/v1/subsidy-programs/{id}", Access.SubsidyParty, _ => null),
        new("POST", "/api/v1/subsidy-programs/{id}/accept", Access.Participant, ids => Json(new { cooperativeId = ids.CooperativeId })),
        new("GET", "/api/v1/subsidy-programs/{id}/liabilities", Access.SubsidyReader, _ => null),
        new("GET", "/api/v1/subsidy-programs/{id}/monthly", Access.SubsidyReader, _ => null),
        new("POST", "/api/v1/subsidy-programs/{id}/claims", Access.Cooperative, _ => Json(new { periodStart = "2026-01-01", periodEnd = "2026-01-20" })),
        new("GET", "/api/v1/subsidy-programs/{id}/claims", Access.SubsidyReader, _ => null),
        new("GET", "/api/v1/subsidy-claims/{id}", Access.SubsidyReader, _ => null),
        new("POST", "/api/v1/subsidy-claims/{id}/approve", Access.OrgDepartment, _ => null),
        new("POST", "/api/v1/subsidy-claims/{id}/reject", Access.OrgDepartment, _ => Json(new { reason = "材料不全，请补充" })),
        new("POST", "/api/v1/subsidy-claims/{id}/mark-paid", Access.OrgDepartment, _ => null),
        new("POST", "/api/v1/borrowers/{id}/name-disclosure", Access.Cooperative, _ => Json(new { agreed = true })),
        new("GET", "/api/v1/warnings", Access.Cooperative, _ => null),
        new("GET", "/api/v1/warning-cases", Access.OrgDepartment, _ => null),
        new("GET", "/api/v1/warning-cases/months", Access.OrgDepartment, _ => null),
        new("GET", "/api/v1/warning-cases/{id}", Access.OrgDepartment, _ => null),
        new("POST", "/api/v1/warning-cases/{id}/helper", Access.OrgDepartment, _ => Json(new { helperName = "林建华", helperPost = "村党支部书记" })),
        new("POST", "/api/v1/warning-cases/{id}/help-records", Access.OrgDepartment, _ => Json(new { date = "2026-01-21", action = "入户走访", note = "了解冻结原因" })),
        new("POST", "/api/v1/warning-cases/{id}/resolve", Access.OrgDepartment, _ => Json(new { reason = "冻结原因已核实" })),
        new("POST", "/api/v1/operations/close-business-day", Access.Operator, _ => "{}"),
        new("GET", "/api/v1/operations/close-runs", Access.Operator, _ => null),
        new("GET", "/api/v1/accruals/daily", Access.Cooperative, _ => null),
        new("GET", "/api/v1/operations/close-runs/{date}", Access.Operator, _ => null),
    ];

    public const string SmsReceipts = "/api/v1/sms/receipts";

    /// <summary>Every path and method of the committed OpenAPI document, as <c>"POST /api/v1/…"</c>.</summary>
    public static IReadOnlyList<string> InOpenApiDocument()
    {
        var document = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "openapi", "loan-service.v1.json")))!;
        return document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .ToList();
    }

    private static string Json(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        throw new InvalidOperationException("LoanService.sln not found above the test's folder.");
    }
}
