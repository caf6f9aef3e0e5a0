using Hangfire;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.NoticeDispatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Jobs.Scheduling;

/// <summary>
/// At start: declares the recurring jobs (again on every instance and every start: Hangfire keeps one
/// of each by its id and only updates it), and starts a catch-up close when nights were missed.
/// </summary>
internal sealed class RecurringJobs(IRecurringJobManager recurring, IServiceScopeFactory scopes, IClock clock,
    SchedulerOptions options, ILogger<RecurringJobs> log) : IHostedService
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById(LoanService.Domain.BusinessDay.TimeZoneId);

    public async Task StartAsync(CancellationToken ct)
    {
        recurring.AddOrUpdate<CloseOfBusinessJob>(CloseOfBusinessJob.Id, j => j.RunAsync(CancellationToken.None),
            CloseCron(options.CloseOfBusinessCron), new RecurringJobOptions { TimeZone = Shanghai });
        recurring.AddOrUpdate<NoticeDispatchJob>(NoticeDispatchJob.Id, j => j.RunAsync(CancellationToken.None),
            DispatchCron(options.NoticeDispatchIntervalSeconds), new RecurringJobOptions { TimeZone = Shanghai });
        if (options.CatchUpOnStart && await NightsMissedAsync(ct))
        {
            log.LogWarning("Nights were missed while no instance ran: closing them now");
            recurring.Trigger(CloseOfBusinessJob.Id);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// True when the service has closed before (a close run exists) and the business date is behind
    /// yesterday. A new database whose first business date was set in the past is left to the
    /// operator or the next night: starting it must not close months on its own.
    /// </summary>
    private async Task<bool> NightsMissedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        if (!await db.CloseRuns.AnyAsync(ct)) return false;
        var current = await scope.ServiceProvider.GetRequiredService<BusinessCalendarStore>().CurrentAsync(ct);
        return current <= CloseOfBusinessJob.Yesterday(clock);
    }

    /// <summary>The nightly cron, checked here so that a bad setting stops the start with its name.</summary>
    public static string CloseCron(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
            throw new InvalidOperationException(
                $"Scheduler:CloseOfBusinessCron \"{cron}\" has {fields.Length} fields; give 6 (seconds first, e.g. \"0 5 0 * * ?\") or 5.");
        return string.Join(' ', fields);
    }

    /// <summary>Every <paramref name="seconds"/> seconds as a cron: a divisor of 60 below a minute, or whole minutes.</summary>
    public static string DispatchCron(int seconds) => seconds switch
    {
        > 0 and < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
        >= 60 and <= 3600 when seconds % 60 == 0 => $"0 */{seconds / 60} * * * *",
        _ => throw new InvalidOperationException(
            $"Scheduler:NoticeDispatchIntervalSeconds {seconds}: give a divisor of 60 (e.g. 30) or whole minutes up to 3600."),
    };
}
