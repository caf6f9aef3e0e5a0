using LoanService.Application.EarlyWarning;
using LoanService.Infrastructure;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.NoticeDispatch;
using LoanService.Jobs.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoanService.Jobs;

/// <summary>Scheduler settings: configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    /// <summary>False: no job runs in this process (tests that drive the close themselves, an API-only instance).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// When the nightly close fires, in Asia/Shanghai: six fields with seconds first (<c>0 5 0 * * ?</c> is
    /// 00:05:00) or the usual five. A seventh (year) field is refused at start.
    /// </summary>
    public string CloseOfBusinessCron { get; set; } = "0 5 0 * * ?";

    /// <summary>How often the SMS dispatcher looks at the outbox: a divisor of 60 below 60, or whole minutes.</summary>
    public int NoticeDispatchIntervalSeconds { get; set; } = 30;

    /// <summary>Whether an instance that starts after missed nights closes them at once, instead of at the next firing.</summary>
    public bool CatchUpOnStart { get; set; } = true;

    /// <summary>Hangfire's retries of a failed close job (each resumes the close where it stopped).</summary>
    public int CloseRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The wait before each retry of the close job, the last value repeating; none set: 60, 300, 900.
    /// (No default list here: configuration binding would append to it rather than replace it.)
    /// </summary>
    public int[]? CloseRetryDelaysSeconds { get; set; }

    /// <summary>
    /// How long a fetched job stays invisible to other servers on PostgreSQL before it is handed out
    /// again (Hangfire.PostgreSql does not extend it while the job runs). Above the longest close.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How often a server looks for queued jobs and for delayed ones (retries) that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Hangfire workers in this process.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>This server's name in the dashboard; the machine name and process id by default.</summary>
    public string? ServerName { get; set; }
}

public static class DependencyInjection
{
    public static IServiceCollection AddJobs(this IServiceCollection services, DatabaseOptions database,
        SchedulerOptions scheduler, Action<CloseOptions> configureClose)
    {
        services.Configure(configureClose);
        services.PostConfigure<CloseOptions>(o => o.Parallelism ??= database.Provider == DatabaseProvider.Postgres ? 2 : 1);
        services.AddSingleton<CloseMetrics>();
        services.AddSingleton<SmsMetrics>();
        services.TryAddSingleton<ICloseFaultInjector, NoFaults>();
        services.AddSingleton<CloseChunkProcessor>();
        services.AddSingleton<CloseBusinessDays>();
        services.AddEarlyWarning();
        services.AddHostedService<CloseChunkWorker>();
        services.AddSingleton<NoticeDispatcher>();
        services.AddSingleton(scheduler);
        // The dashboard reads the jobs' storage even where no job runs here.
        services.AddJobStorage(database, scheduler);
        if (!scheduler.Enabled) return services;
        services.AddJobServer(scheduler);
        return services;
    }
}
