namespace LoanService.Api.Setup.OpenApi;

internal static class ContractText
{
    public const string Description =
        "党员先锋贷 (party-member pioneer loans) servicing for rural credit cooperatives: revolving credit lines of " +
        "50,000–200,000 CNY, draws, repayments, extensions, renewals, the close of business, SMS notices, and the " +
        "interest subsidies (贴息) that county organization departments fund.\n\n" +
        "Amounts are JSON numbers in yuan with at most 2 decimals; rates are fractions (0.0435 = 4.35%); dates are " +
        "business dates `2026-01-21` (Asia/Shanghai). Every refusal is `application/problem+json` with a stable " +
        "`code`; a refused request changes nothing. Money-moving POSTs take an `Idempotency-Key`: retry with the " +
        "same key and body and the first answer comes back (`Idempotent-Replayed: true`), posted once. Lists are " +
        "paged: `?limit=` (1–200, default 50) and `cursor=` the last page's `nextCursor`.";
}
