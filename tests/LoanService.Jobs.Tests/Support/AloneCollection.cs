namespace LoanService.Jobs.Tests.Support;

/// <summary>
/// Tests that time a close against Hangfire's timeouts (seconds, on a shared two-core machine) run
/// alone, not beside the other classes' closes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedAgainstHangfire
{
    public const string Name = "timed against Hangfire's timeouts";
}
