using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Jobs.Tests.Support;

/// <summary>A job's run as Hangfire's storage recorded it: its states, oldest first.</summary>
public sealed record JobRun(string JobId, IReadOnlyList<StateHistoryDto> States)
{
    public string? State => States.Count == 0 ? null : States[^1].StateName;

    /// <summary>How many times a server began it: a retry, a re-fetch or a recovery each adds one.</summary>
    public int Deliveries => States.Count(s => s.StateName == "Processing");

    public IEnumerable<string?> ServersThatRanIt => States.Where(s => s.StateName == "Processing")
        .Select(s => s.Data.TryGetValue("ServerId", out var id) ? id : null);
}

/// <summary>Triggers recurring jobs and waits for their outcome through a host's own Hangfire services.</summary>
public static class HangfireRuns
{
    /// <summary>Runs the recurring job now, as its cron would: returns the background job's id.</summary>
    public static string Trigger(IServiceProvider services, string recurringJobId) =>
        services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(recurringJobId);

    public static JobRun Read(IServiceProvider services, string jobId)
    {
        var details = services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId);
        return new JobRun(jobId, details?.History.AsEnumerable().Reverse().ToList() ?? []);
    }

    /// <summary>Waits until the job is Succeeded or Failed (or <paramref name="until"/> says so); the last reading on timeout.</summary>
    public static async Task<JobRun> WaitAsync(IServiceProvider services, string jobId, TimeSpan timeout,
        Func<JobRun, bool>? until = null)
    {
        until ??= r => r.State is "Succeeded" or "Failed";
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = Read(services, jobId);
            if (until(run) || DateTime.UtcNow > deadline) return run;
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Jobs of <paramref name="recurringJobId"/> that the storage knows, whoever created them. The state lists
    /// are read one after the other, so a job moving from Processing to Succeeded between two reads shows in
    /// neither: the lists are read again (for up to 5 s) until a job shows.
    /// </summary>
    public static IReadOnlyList<string> JobsOf(IServiceProvider services, string recurringJobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var jobs = ReadJobsOf(services, recurringJobId);
            if (jobs.Count > 0 || DateTime.UtcNow > deadline) return jobs;
            Thread.Sleep(100);
        }
    }

    /// <summary>The recurring job as the storage holds it (its cron, next and last execution, last job), for a failure's message.</summary>
    public static string Describe(IServiceProvider services, string recurringJobId)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs([recurringJobId]).SingleOrDefault();
        return job is null ? $"{recurringJobId}: not registered"
            : $"{recurringJobId}: cron {job.Cron}, next {job.NextExecution:O}, last {job.LastExecution:O}, last job {job.LastJobId}, error {job.Error}; now {DateTime.UtcNow:O}";
    }

    private static IReadOnlyList<string> ReadJobsOf(IServiceProvider services, string recurringJobId)
    {
        var monitoring = services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var ids = new HashSet<string>();
        foreach (var (id, _) in monitoring.SucceededJobs(0, 1000)) ids.Add(id);
        foreach (var (id, _) in monitoring.FailedJobs(0, 1000)) ids.Add(id);
        foreach (var (id, _) in monitoring.ProcessingJobs(0, 1000)) ids.Add(id);
        foreach (var (id, _) in monitoring.ScheduledJobs(0, 1000)) ids.Add(id);
        foreach (var queue in monitoring.Queues())
            foreach (var (id, _) in monitoring.EnqueuedJobs(queue.Name, 0, 1000)) ids.Add(id);
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        return ids.Where(id => connection.GetJobParameter(id, "RecurringJobId") is { } r && r.Trim('"') == recurringJobId)
            .Order().ToList();
    }
}
