namespace LoanService.Domain;

/// <summary>Where the business date lives (docs/rules.md §2): every rule runs on dates in this zone.</summary>
public static class BusinessDay
{
    /// <summary>The IANA id of the business date's time zone; NodaTime and the scheduler both take it from here.</summary>
    public const string TimeZoneId = "Asia/Shanghai";
}
