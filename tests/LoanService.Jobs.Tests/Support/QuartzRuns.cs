using System.Collections.Concurrent;
using LoanService.Jobs.CloseOfBusiness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace LoanService.Jobs.Tests.Support;

/// <summary>Counts the close-of-business job's executions on one node, and what they threw.</summary>
public sealed class QuartzRuns(string node) : IJobListener
{
    private readonly ConcurrentQueue<(string Node, Exception? Error)> _runs = new();
    private readonly SemaphoreSlim _finished = new(0);

    public string Name => $"test-runs-{node}";

    public IReadOnlyCollection<(string Node, Exception? Error)> Runs => _runs;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException,
        CancellationToken cancellationToken = default)
    {
        _runs.Enqueue((node, jobException));
        _finished.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> more executions have finished on this node.</summary>
    public async Task<bool> WaitAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            for (var i = 0; i < count; i++) await _finished.WaitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static async Task<(IScheduler Scheduler, QuartzRuns Runs)> AttachAsync(IHost host, string node)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var runs = new QuartzRuns(node);
        scheduler.ListenerManager.AddJobListener(runs, [GroupMatcher<JobKey>.GroupEquals(CloseOfBusinessJob.Key.Group)]);
        return (scheduler, runs);
    }
}
