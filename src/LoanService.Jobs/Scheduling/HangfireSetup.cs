using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using LoanService.Infrastructure;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.NoticeDispatch;
using Hangfire.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanService.Jobs.Scheduling;

/// <summary>
/// Hangfire's storage, server and filters, per host. Hangfire keeps its defaults in statics
/// (<c>JobStorage.Current</c>, <c>JobActivator.Current</c>, <c>GlobalJobFilters</c>) that
/// <c>AddHangfire</c> only falls back to; registering our own first keeps two hosts in one
/// process (the tests' two instances) from running each other's jobs in each other's containers.
/// </summary>
internal static class HangfireSetup
{
    public const string PostgresSchema = "hangfire";

    public static IServiceCollection AddJobStorage(this IServiceCollection services, DatabaseOptions database,
        SchedulerOptions scheduler)
    {
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.Postgres
            ? PostgresStorage(database.ConnectionString, PostgresOptions(scheduler))
            // One process is all an embedded SQLite database serves: see docs/decisions.md.
            : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(7) }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // After the configuration, so that the retry filter's logger is this host's.
        services.AddSingleton<IJobFilterProvider>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return new JobRetries(scheduler);
        });
        services.AddHangfire((sp, c) => c
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        return services;
    }

    public static IServiceCollection AddJobServer(this IServiceCollection services, SchedulerOptions scheduler)
    {
        services.AddHangfireServer((_, o) =>
        {
            o.WorkerCount = Math.Max(1, scheduler.WorkerCount);
            o.SchedulePollingInterval = scheduler.PollInterval;
            o.ServerName = scheduler.ServerName ?? $"{Environment.MachineName}:{Environment.ProcessId}";
            // Give a running close a moment to finish its chunk; a killed one is resumed anyway.
            o.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<RecurringJobs>();
        return services;
    }

    private static PostgreSqlStorage PostgresStorage(string connectionString, PostgreSqlStorageOptions options) =>
        new(new NpgsqlConnectionFactory(connectionString, options), options);

    private static PostgreSqlStorageOptions PostgresOptions(SchedulerOptions scheduler) => new()
    {
        SchemaName = PostgresSchema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = scheduler.PollInterval,
        InvisibilityTimeout = scheduler.InvisibilityTimeout,
    };
}

/// <summary>
/// Hangfire's log provider is process-wide: the last host configured wins, and once that host is
/// disposed its logger factory throws. A logger asked of a disposed host is a silent one instead.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

/// <summary>
/// The filters every job gets: Hangfire's own, with its default retry (10 attempts) replaced by
/// ours: the close job retries as configured; the SMS dispatch not at all, since its next run
/// 30 seconds later sends whatever the failed one left, and the outbox keeps each notice's own back-off.
/// </summary>
internal sealed class JobRetries(SchedulerOptions scheduler) : IJobFilterProvider
{
    private readonly JobFilter _closeRetry = new(new AutomaticRetryAttribute
    {
        Attempts = Math.Max(0, scheduler.CloseRetryAttempts),
        DelaysInSeconds = scheduler.CloseRetryDelaysSeconds is { Length: > 0 } d ? d : [60, 300, 900],
        OnAttemptsExceeded = AttemptsExceededAction.Fail,
        LogEvents = true,
    }, JobFilterScope.Global, null);

    private readonly JobFilter _noRetry = new(new AutomaticRetryAttribute { Attempts = 0, LogEvents = true },
        JobFilterScope.Global, null);

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        var filters = JobFilterProviders.Providers.GetFilters(job).Where(f => f.Instance is not AutomaticRetryAttribute);
        return filters.Append(job?.Type == typeof(CloseOfBusinessJob) ? _closeRetry : _noRetry);
    }
}
