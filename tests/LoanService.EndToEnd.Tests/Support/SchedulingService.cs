namespace LoanService.EndToEnd.Tests.Support;

/// <summary>
/// The running service with its Hangfire server on, so that the dashboard lists the recurring jobs.
/// The nightly cron is one that never comes (31 February): nothing closes during the tests.
/// </summary>
public sealed class SchedulingService : RunningService
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Scheduler:Enabled"] = "true",
        ["Scheduler:CloseOfBusinessCron"] = "0 0 31 2 *",
    };
}
