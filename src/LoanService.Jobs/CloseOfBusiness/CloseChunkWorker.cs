using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>
/// On every instance: looks for a running close, whichever instance started it, and closes its
/// chunks too, so the work is shared. It never moves the business date: the run's coordinator
/// (the API call or the Hangfire job) does that once every chunk is done.
/// </summary>
public sealed class CloseChunkWorker(
    IServiceScopeFactory scopes, CloseChunkProcessor processor, IOptions<CloseOptions> options,
    ILogger<CloseChunkWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var date in await RunningDatesAsync(stoppingToken))
                    while (await processor.ProcessNextAsync(date, stoppingToken))
                    {
                    }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The close-of-business worker failed; it will look again");
            }
            try
            {
                await Task.Delay(options.Value.WorkerPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<NodaTime.LocalDate>> RunningDatesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        return await db.CloseRuns.AsNoTracking().Where(r => r.State == CloseRunState.Running)
            .OrderBy(r => r.BusinessDate).Select(r => r.BusinessDate).ToListAsync(ct);
    }
}
