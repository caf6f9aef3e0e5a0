using System.Diagnostics;
using Hangfire;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.DbBench;

/// <summary>Triggers the nightly close job and waits for Hangfire to record it Succeeded.</summary>
internal static class HangfireClose
{
    public static async Task<CloseResult> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var jobId = services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(CloseOfBusinessJob.Id);
        var monitoring = services.GetRequiredService<JobStorage>().GetMonitoringApi();
        while (true)
        {
            var state = monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
            if (state == "Succeeded") break;
            if (state is "Failed" or "Deleted") throw new InvalidOperationException($"The close job ended {state}.");
            await Task.Delay(50, ct);
        }
        await using var scope = services.CreateAsyncScope();
        var date = await scope.ServiceProvider.GetRequiredService<BusinessCalendarStore>().CurrentAsync(ct);
        return new CloseResult([date.PlusDays(-1)], date);
    }
}

/// <summary>A clock set to an instant that then runs on with real time (leases and back-offs still elapse).</summary>
internal sealed class RunningClock(Instant start) : IClock
{
    private readonly long _since = Stopwatch.GetTimestamp();
    private Duration _moved = Duration.Zero;

    /// <summary>Moves the clock on (to the next night's close: one day).</summary>
    public void Advance(Duration by) => _moved += by;

    public Instant GetCurrentInstant() => start + _moved + Duration.FromTimeSpan(Stopwatch.GetElapsedTime(_since));
}
