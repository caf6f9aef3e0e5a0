namespace LoanService.EndToEnd.Tests.Support;

/// <summary>A fact that needs Chromium: skipped, with the reason shown, where it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason;
}
