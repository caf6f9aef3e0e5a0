using Quartz;

namespace LoanService.Jobs.NoticeDispatch;

/// <summary>
/// Every 30 seconds: sends what the outbox has due. Thin on purpose: the work, quiet hours and rate
/// limit included, is <see cref="NoticeDispatcher"/>. A run that finds nothing costs one query.
/// </summary>
[DisallowConcurrentExecution]
public sealed class NoticeDispatchJob(NoticeDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("notice-dispatch", "sms");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await dispatcher.RunOnceAsync(cancellationToken);
}
