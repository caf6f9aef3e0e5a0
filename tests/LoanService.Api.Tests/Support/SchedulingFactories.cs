using Hangfire;
using Hangfire.Storage.Monitoring;
using LoanService.Jobs.CloseOfBusiness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoanService.Api.Tests.Support;

/// <summary>
/// The service with its Hangfire server on: the nightly cron never due (31 February), retries and
/// polling quick, and a fault switch in the close for tests that want it to fail.
/// </summary>
public static class Scheduling
{
    public static void Settings(IDictionary<string, string?> settings)
    {
        settings["Scheduler:CloseOfBusinessCron"] = "0 0 31 2 *";
        settings["Scheduler:PollInterval"] = "00:00:00.200";
        settings["Scheduler:CloseRetryAttempts"] = "2";
        settings["Scheduler:CloseRetryDelaysSeconds:0"] = "1";
        settings["CloseOfBusiness:MaxAttempts"] = "2";
        settings["CloseOfBusiness:RetryBackoff"] = "00:00:00.050";
    }

    public static void Faults(IWebHostBuilder builder, CloseFaults faults) =>
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ICloseFaultInjector>(faults)));

    /// <summary>Waits until the background job is Succeeded or Failed; its states, oldest first.</summary>
    public static async Task<IReadOnlyList<StateHistoryDto>> WaitForJobAsync(IServiceProvider services, string jobId,
        TimeSpan timeout)
    {
        var monitoring = services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = monitoring.JobDetails(jobId)?.History.AsEnumerable().Reverse().ToList() ?? [];
            if (states is [.., { StateName: "Succeeded" or "Failed" }] || DateTime.UtcNow > deadline) return states;
            await Task.Delay(100);
        }
    }
}

/// <summary>Fails every chunk before its commit while <see cref="Failing"/> is set.</summary>
public sealed class CloseFaults : ICloseFaultInjector
{
    public volatile bool Failing;

    public void BeforeCommit(NodaTime.LocalDate date, int chunkNo)
    {
        if (Failing) throw new InvalidOperationException($"Injected fault: the ledger is unavailable for {date:yyyy-MM-dd}");
    }
}

public class SchedulingSqliteApiFactory : SqliteApiFactory
{
    public CloseFaults Faults { get; } = new();
    protected override bool SchedulerEnabled => true;
    protected override void ConfigureSettings(IDictionary<string, string?> settings) => Scheduling.Settings(settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Scheduling.Faults(builder, Faults);
    }
}

public class SchedulingPostgresApiFactory : PostgresApiFactory
{
    public CloseFaults Faults { get; } = new();
    protected override bool SchedulerEnabled => true;
    protected override void ConfigureSettings(IDictionary<string, string?> settings) => Scheduling.Settings(settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Scheduling.Faults(builder, Faults);
    }
}
