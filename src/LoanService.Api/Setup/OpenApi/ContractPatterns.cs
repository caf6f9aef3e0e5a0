namespace LoanService.Api.Setup.OpenApi;

/// <summary>
/// The shapes the service accepts, as ECMA-262 patterns for the document. The service's own parsing
/// is the rule (it also trims surrounding spaces); these say the same for a generated validator.
/// </summary>
public static class ContractPatterns
{
    /// <summary>17 digits and a check character (0–9 or X; a lower-case x is taken as X).</summary>
    public const string ResidentId = "^[0-9]{17}[0-9Xx]$";

    /// <summary>A mainland mobile, 1[3-9] and 9 digits, optionally after +86 or 0086, spaces or hyphens between.</summary>
    public const string Mobile = "^(?:\\+86|0086)?[ -]*1[ -]*[3-9](?:[ -]*[0-9]){9}[ -]*$";

    /// <summary>区划代码: 6 digits (county), 9 (township) or 12 (village).</summary>
    public const string RegionCode = "^(?:[0-9]{6}|[0-9]{9}|[0-9]{12})$";

    /// <summary>An SMS signature: 2–12 characters without 【 or 】, optionally wrapped in 【】.</summary>
    public const string Signature = "^【?[^【】]{2,12}】?$";
}
