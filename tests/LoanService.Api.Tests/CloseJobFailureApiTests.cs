using System.Net;
using Hangfire;
using LoanService.Api.Tests.Support;
using LoanService.Jobs.CloseOfBusiness;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Api.Tests;

/// <summary>
/// The nightly close job fails every time (the ledger is down): Hangfire retries it after its
/// back-off, twice, then marks it Failed with the reason; the close run says Failed with the same
/// reason in GET /operations/close-runs, and nothing was closed. Once the fault is gone, the next
/// firing resumes the run and closes the date.
/// </summary>
public abstract class CloseJobFailureApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task NightlyClose_FailingEveryAttempt_RetriedWithBackoffThenFailedWithItsReason()
    {
        var faults = factory is SchedulingSqliteApiFactory s ? s.Faults : ((SchedulingPostgresApiFactory)(object)factory).Faults;
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);
        faults.Failing = true;

        var jobId = factory.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(CloseOfBusinessJob.Id);
        var states = await Scheduling.WaitForJobAsync(factory.Services, jobId, TimeSpan.FromSeconds(90));

        // One first attempt and CloseRetryAttempts = 2 retries, each after a 1 s back-off.
        Assert.Equal("Failed", states[^1].StateName);
        Assert.Equal(3, states.Count(st => st.StateName == "Processing"));
        var retries = states.Where(st => st.StateName == "Scheduled").ToList();
        Assert.Equal(2, retries.Count);
        Assert.StartsWith("Retry attempt 1 of 2", retries[0].Reason);
        Assert.StartsWith("Retry attempt 2 of 2", retries[1].Reason);
        // Hangfire writes both as Unix milliseconds: each retry waited the configured 1 s. It reads the clock twice
        // (the moment to enqueue at, now plus the back-off, then the moment scheduled), each cut to the millisecond,
        // so the two can differ by 999.
        Assert.All(retries, r => Assert.InRange(long.Parse(r.Data["EnqueueAt"]) - long.Parse(r.Data["ScheduledAt"]), 999, 1000));
        var failure = states[^1].Data["ExceptionMessage"];
        Assert.Contains("Close of business for 2026-01-05 stopped", failure);
        Assert.Contains("Injected fault: the ledger is unavailable for 2026-01-05", failure);

        var runs = (await op.GetAsync("/api/v1/operations/close-runs")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        var run = Assert.Single(runs)!;
        Assert.Equal("2026-01-05", run["businessDate"]!.GetValue<string>());
        Assert.Equal("Failed", run["state"]!.GetValue<string>());
        Assert.Contains("Injected fault: the ledger is unavailable for 2026-01-05", run["lastError"]!.GetValue<string>());
        Assert.Equal("2026-01-05", (await op.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK)["businessDate"]!.GetValue<string>());
        var chunk = Assert.Single((await op.GetAsync("/api/v1/operations/close-runs/2026-01-05")).Expect(HttpStatusCode.OK)["chunks"]!.AsArray())!;
        Assert.Equal("Failed", chunk["state"]!.GetValue<string>());
        Assert.Equal(0, chunk["linesClosed"]!.GetValue<int>());

        // The ledger is back: the operator fires the job from the dashboard (here: the same trigger) and it resumes the run.
        faults.Failing = false;
        var again = factory.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(CloseOfBusinessJob.Id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline &&
               (await op.GetAsync("/api/v1/operations/close-runs/2026-01-05")).Json["state"]!.GetValue<string>() != "Completed")
            await Task.Delay(100);
        var resumed = (await op.GetAsync("/api/v1/operations/close-runs/2026-01-05")).Expect(HttpStatusCode.OK);
        Assert.Equal("Completed", resumed["state"]!.GetValue<string>());
        Assert.Equal(1, resumed["linesProcessed"]!.GetValue<int>());
        // The resumed job goes on towards yesterday's date; this test has seen what it came for.
        factory.Services.GetRequiredService<IBackgroundJobClient>().Delete(again);
    }
}

public sealed class CloseJobFailureApiTestsOnSqlite(SchedulingSqliteApiFactory factory)
    : CloseJobFailureApiTests<SchedulingSqliteApiFactory>(factory);

public sealed class CloseJobFailureApiTestsOnPostgres(SchedulingPostgresApiFactory factory)
    : CloseJobFailureApiTests<SchedulingPostgresApiFactory>(factory), IPostgresTests;
