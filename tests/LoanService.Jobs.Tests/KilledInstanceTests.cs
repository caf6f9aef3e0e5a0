using System.Diagnostics;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Xunit.Abstractions;

namespace LoanService.Jobs.Tests;

/// <summary>
/// Two instances of the real service (two processes) on one PostgreSQL database; the nightly close
/// starts, and the instance running it is killed with SIGKILL halfway through the first date. The
/// other one takes the job again once its invisibility timeout (5 s here) has passed, and the killed
/// instance's chunks once their lease (3 s) has: both dates are closed, each line once a day.
/// </summary>
[Collection(TimedAgainstHangfire.Name)]
public class KilledInstanceTests(ITestOutputHelper output)
{
    private const int Lines = 600;

    [PostgresFact]
    public async Task InstanceRunningTheClose_KilledMidway_TheOtherFinishesItWithNothingLostOrDoubled()
    {
        using var database = TestDb.Create(DatabaseProvider.Postgres, "close_kill9");
        // The processes read the real clock: the close closes the day before yesterday and yesterday, Shanghai time.
        var today = SystemClock.Instance.GetCurrentInstant().InZone(BusinessCalendarStore.Zone).Date;
        var (day1, day2) = (today.PlusDays(-2), today.PlusDays(-1));
        using var tools = JobHosts.Build(database.Options, "test", SystemClock.Instance, everyLine: true);
        await JobHosts.InitializeAsync(tools.Services, day1);
        await Seed.LinesAsync(tools.Services, Lines, day1.PlusDays(-3), day1, seed: 17);

        using var a = Service.Start(database.Options.ConnectionString, "node-a", output);
        using var b = Service.Start(database.Options.ConnectionString, "node-b", output);
        await Service.WaitForRecurringJobAsync(tools.Services);

        var jobId = HangfireRuns.Trigger(tools.Services, CloseOfBusinessJob.Id);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await DoneChunksAsync(tools.Services, day1) < 60 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var running = HangfireRuns.Read(tools.Services, jobId);
        var server = running.ServersThatRanIt.LastOrDefault() ?? "";
        var (victim, survivor) = server.StartsWith("node-a") ? (a, b) : (b, a);
        Assert.Equal("Processing", running.State);
        var doneAtKill = await DoneChunksAsync(tools.Services, day1);
        victim.Kill();
        output.WriteLine($"killed {victim.Name} (ran the job on {server}) with {doneAtKill} of day 1's chunks done");
        Assert.True(doneAtKill < Lines / 2, "the first date was already closed when the instance was killed");

        deadline = DateTime.UtcNow.AddSeconds(120);
        while (await JobHosts.BusinessDateAsync(tools.Services) != today && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(today, await JobHosts.BusinessDateAsync(tools.Services));
        var finished = await HangfireRuns.WaitAsync(tools.Services, jobId, TimeSpan.FromSeconds(30));
        output.WriteLine($"job: {finished.State} after {finished.Deliveries} deliveries on {string.Join(", ", finished.ServersThatRanIt)}");
        Assert.Equal("Succeeded", finished.State);
        Assert.Contains(finished.ServersThatRanIt, s => s!.StartsWith(survivor.Name));

        await JobHosts.WithDbAsync(tools.Services, async db =>
        {
            var runs = (await db.CloseRuns.AsNoTracking().ToListAsync()).OrderBy(r => r.BusinessDate).ToList();
            Assert.Equal([day1, day2], runs.Select(r => r.BusinessDate));
            Assert.All(runs, r => Assert.Equal(CloseRunState.Completed, r.State));
            var chunks = await db.CloseChunks.AsNoTracking().ToListAsync();
            foreach (var date in new[] { day1, day2 })
                Assert.Equal(Lines, chunks.Where(c => c.BusinessDate == date).Sum(c => c.LinesClosed));
            Assert.All(await db.CreditLines.AsNoTracking().ToListAsync(), l => Assert.Equal(day2, l.LastClosedDate));
            return 0;
        });
        var accruals = await Snapshot.AccrualsAsync(tools.Services, day1);
        Assert.Equal(Lines * 2, accruals.Count);
        Assert.All(accruals, x => Assert.Equal(1, x.Value));
    }

    private static Task<int> DoneChunksAsync(IServiceProvider services, LocalDate date) =>
        JobHosts.WithDbAsync(services, db => db.CloseChunks.CountAsync(c => c.BusinessDate == date && c.State == CloseChunkState.Done));

    /// <summary>One instance of the service, <c>dotnet LoanService.Api.dll</c>, as a process of its own.</summary>
    private sealed class Service : IDisposable
    {
        private readonly Process _process;

        private Service(Process process, string name) => (_process, Name) = (process, name);

        public string Name { get; }

        public static Service Start(string connectionString, string name, ITestOutputHelper output)
        {
            var info = new ProcessStartInfo("dotnet", [ApiAssembly()])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                Environment =
                {
                    ["Database__Provider"] = "Postgres",
                    ["ConnectionStrings__LoanService"] = connectionString,
                    ["Urls"] = "http://127.0.0.1:0",
                    ["LoanService__OperatorApiKey"] = "lsk_kill_test_operator_key_000000000000",
                    ["Scheduler__ServerName"] = name,
                    ["Scheduler__CloseOfBusinessCron"] = JobHosts.NeverCron,
                    ["Scheduler__InvisibilityTimeout"] = "00:00:05",
                    ["Scheduler__PollInterval"] = "00:00:00.500",
                    ["CloseOfBusiness__ChunkSize"] = "2",
                    ["CloseOfBusiness__EveryLine"] = "true",
                    ["CloseOfBusiness__Lease"] = "00:00:03",
                    ["CloseOfBusiness__WorkerPollInterval"] = "00:00:00.200",
                    ["Logging__LogLevel__Default"] = "Warning",
                },
            };
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output.WriteLine($"{name}: {line}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Service(process, name);
        }

        /// <summary>Until an instance has declared the nightly job (its start-up is done).</summary>
        public static async Task WaitForRecurringJobAsync(IServiceProvider services)
        {
            var storage = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Hangfire.JobStorage>(services);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var connection = storage.GetConnection();
                    if (connection.GetAllEntriesFromHash($"recurring-job:{CloseOfBusinessJob.Id}") is { Count: > 0 }
                        && storage.GetMonitoringApi().Servers().Count >= 2) return;
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                    // The schema is still being made by the first instance.
                }
                await Task.Delay(200);
            }
            throw new TimeoutException("The two instances did not start within a minute.");
        }

        /// <summary>SIGKILL: no shutdown, no finally, no lease released.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
        }

        private static string ApiAssembly()
        {
            // tests/LoanService.Jobs.Tests/bin/<Configuration>/net10.0/ → src/LoanService.Api/bin/<Configuration>/net10.0/
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (bin.Name, bin.Parent!.Name);
            var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(root, "src", "LoanService.Api", "bin", configuration, framework, "LoanService.Api.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the service first.", path);
        }
    }
}
