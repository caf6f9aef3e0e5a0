namespace LoanService.Jobs.NoticeDispatch;

/// <summary>
/// Every 30 seconds: sends what the outbox has due. Thin on purpose: the work, quiet hours, rate
/// limit and the claim that keeps two runs from sending one notice twice are
/// <see cref="NoticeDispatcher"/>'s. A run that finds nothing costs one query.
/// </summary>
public sealed class NoticeDispatchJob(NoticeDispatcher dispatcher)
{
    public const string Id = "notice-dispatch";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var s = await dispatcher.RunOnceAsync(cancellationToken);
        return $"{s.Sent} sent, {s.Retrying} to retry, {s.Failed} failed, {s.RateLimited} held by the rate limit";
    }
}
