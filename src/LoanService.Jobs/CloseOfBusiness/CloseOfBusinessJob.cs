using LoanService.Domain;
using LoanService.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>
/// Fired at 00:05 Asia/Shanghai: closes every business date up to yesterday, oldest first, so a
/// service that was down for days catches up by itself. Thin on purpose: the work is
/// <see cref="CloseBusinessDays"/>, the same the API's close endpoint calls.
/// <para>
/// Hangfire delivers it at least once: a retry, a server that died holding it, or a run that
/// outlived the storage's invisibility timeout all run it again, perhaps beside the first. Nothing
/// here guards against that, on purpose: the chunk claims and each line's last closed date make
/// a second run share the first's work or find it done. No <c>[DisableConcurrentExecution]</c>
/// either: its lock would hold a killed server's close hostage until the lock timed out.
/// </para>
/// </summary>
public sealed class CloseOfBusinessJob(CloseBusinessDays close, IClock clock, ILogger<CloseOfBusinessJob> log)
{
    public const string Id = "close-of-business";

    /// <summary>The date before today in Asia/Shanghai: what the nightly close closes through.</summary>
    public static LocalDate Yesterday(IClock clock) =>
        clock.GetCurrentInstant().InZone(BusinessCalendarStore.Zone).Date.PlusDays(-1);

    /// <summary>Returns what it did, which the dashboard shows as the job's result.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var yesterday = Yesterday(clock);
        try
        {
            var result = await close.RunAsync(yesterday, cancellationToken);
            log.LogInformation("Nightly close: closed {Count} date(s); business date now {BusinessDate}",
                result.Closed.Count, result.BusinessDate);
            return $"closed {result.Closed.Count} date(s); business date now {result.BusinessDate:yyyy-MM-dd}";
        }
        catch (DomainException e) when (e.Code == ErrorCodes.CloseThroughBeforeBusinessDate)
        {
            // The business date is already past yesterday (closed ahead, or by another run): nothing to do.
            log.LogInformation("Nightly close: nothing to close through {Yesterday}", yesterday);
            return $"nothing to close through {yesterday:yyyy-MM-dd}";
        }
    }
}
