using LoanService.Infrastructure;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.NoticeDispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace LoanService.Jobs;

/// <summary>Scheduler settings: configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Off in tests that drive the close themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron (with seconds) in Asia/Shanghai for the nightly close.</summary>
    public string CloseOfBusinessCron { get; set; } = "0 5 0 * * ?";

    /// <summary>How often the SMS dispatcher looks at the outbox.</summary>
    public int NoticeDispatchIntervalSeconds { get; set; } = 30;
}

public static class DependencyInjection
{
    public static IServiceCollection AddJobs(this IServiceCollection services, DatabaseOptions database,
        SchedulerOptions scheduler, Action<CloseOptions> configureClose)
    {
        services.Configure(configureClose);
        services.PostConfigure<CloseOptions>(o => o.Parallelism ??= database.Provider == DatabaseProvider.Postgres ? 2 : 1);
        services.AddSingleton<CloseMetrics>();
        services.TryAddSingleton<ICloseFaultInjector, NoFaults>();
        services.AddSingleton<CloseChunkProcessor>();
        services.AddSingleton<CloseBusinessDays>();
        services.AddHostedService<CloseChunkWorker>();
        services.AddSingleton<NoticeDispatcher>();
        if (!scheduler.Enabled) return services;

        // QUARTZ.md: keep triggers already stored, or a restarting node duplicates and drops firings.
        services.Configure<QuartzOptions>(o => o.Scheduling.IgnoreDuplicates = true);
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(tp => tp.MaxConcurrency = 4);
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(10);
                    });
                }
                else
                {
                    // SQLite cannot be clustered: one node only (QUARTZ.md).
                    store.UseSqlite(database.ConnectionString);
                }
                store.ProvisionSchema();
            });
            q.AddJob<CloseOfBusinessJob>(j => j.WithIdentity(CloseOfBusinessJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(CloseOfBusinessJob.Key).WithIdentity("close-of-business-nightly", "close-of-business")
                .WithCronSchedule(scheduler.CloseOfBusinessCron, c => c
                    .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddJob<NoticeDispatchJob>(j => j.WithIdentity(NoticeDispatchJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(NoticeDispatchJob.Key).WithIdentity("notice-dispatch-every", "sms")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(scheduler.NoticeDispatchIntervalSeconds)).RepeatForever()
                    // A missed firing is not made up: the next run sends whatever is due.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
