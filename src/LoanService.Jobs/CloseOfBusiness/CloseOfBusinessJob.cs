using LoanService.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quartz;

namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>
/// Fired at 00:05 Asia/Shanghai: closes every business date up to yesterday, oldest first, so a
/// service that was down for days catches up by itself. Thin on purpose: the work is
/// <see cref="CloseBusinessDays"/>, the same the API's close endpoint calls.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CloseOfBusinessJob(CloseBusinessDays close, IClock clock, ILogger<CloseOfBusinessJob> log) : IJob
{
    public static readonly JobKey Key = new("close-of-business", "close-of-business");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var yesterday = clock.GetCurrentInstant().InZone(BusinessCalendarStore.Zone).Date.PlusDays(-1);
        try
        {
            var result = await close.RunAsync(yesterday, cancellationToken);
            log.LogInformation("Nightly close: closed {Count} date(s); business date now {BusinessDate}",
                result.Closed.Count, result.BusinessDate);
        }
        catch (LoanService.Domain.DomainException e) when (e.Code == LoanService.Domain.ErrorCodes.CloseThroughBeforeBusinessDate)
        {
            // The business date is already past yesterday (closed ahead by the operator): nothing to do.
            log.LogInformation("Nightly close: nothing to close through {Yesterday}", yesterday);
        }
    }
}
