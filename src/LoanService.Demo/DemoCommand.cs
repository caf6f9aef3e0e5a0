using System.Diagnostics;
using System.Globalization;
using LoanService.Api.Setup;
using LoanService.Api.Web;
using LoanService.Domain;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Demo;

/// <summary>
/// <c>dotnet run --project src/LoanService.Demo</c>: on an empty database, starts the service (the same
/// host as <c>LoanService.Api</c>'s), loads the demo through its own REST API (<see cref="DemoSeeder"/>),
/// prints the keys to sign in with, and goes on serving. A database holding any tenant, borrower or line
/// is refused: the demo is not idempotent and never mixes with real data.
/// </summary>
public static class DemoCommand
{
    private const string Name = "demo";

    /// <summary>The demo's own SQLite file when no connection string is configured, apart from the service's.</summary>
    public const string DefaultDatabase = "Data Source=data/loanservice-demo.db";

    public static async Task<int> Main(string[] args)
    {
        // Content root where the build put the service's appsettings.json (copied from LoanService.Api).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        Prepare(builder);
        var app = ServiceHost.Build(builder);
        await ServiceHost.InitializeAsync(app);
        if (!await RunAsync(app)) return 2;
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>
    /// A new database starts its demo a year before today (Asia/Shanghai), so that after a year of
    /// closes its business date is today; <c>LoanService:FirstBusinessDate</c>, when set, wins. The
    /// jobs' information logs (a line per closed date, per SMS) are turned down to warnings for the
    /// run, so that the demo's own progress and keys can be read. On SQLite without a configured
    /// connection string the demo uses <see cref="DefaultDatabase"/>.
    /// </summary>
    public static void Prepare(WebApplicationBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:LoanService.Jobs"] = "Warning",
            ["Logging:LogLevel:Hangfire"] = "Warning",
        };
        if (builder.Configuration["LoanService:FirstBusinessDate"] is not { Length: > 0 })
        {
            var today = SystemClock.Instance.GetCurrentInstant().InZone(BusinessCalendarStore.Zone).Date;
            settings["LoanService:FirstBusinessDate"] =
                today.PlusDays(-new DemoSeedOptions().Days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        // On the embedded default, a file of its own: the demo never loads into the service's database.
        var provider = DatabaseOptions.From(builder.Configuration["Database:Provider"], DefaultDatabase).Provider;
        // (The service's appsettings.json names the service's own file: that one counts as not configured.)
        if (provider == DatabaseProvider.Sqlite
            && builder.Configuration.GetConnectionString("LoanService") is null or "" or DatabaseOptions.DefaultSqlite)
            settings["ConnectionStrings:LoanService"] = DefaultDatabase;
        builder.Configuration.AddInMemoryCollection(settings);
    }

    /// <summary>Seeds, prints the keys and returns true; false (with the reason printed) when the database is not empty.</summary>
    public static async Task<bool> RunAsync(WebApplication app)
    {
        var clock = app.Services.GetRequiredService<IClock>();
        string operatorKey;
        Guid operatorKeyId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            if (await db.Cooperatives.AnyAsync() || await db.OrgDepartments.AnyAsync() || await db.Borrowers.AnyAsync()
                || await db.CreditLines.AnyAsync() || await db.SubsidyPrograms.AnyAsync())
            {
                await Console.Error.WriteLineAsync(
                    $"{Name}: the database already holds data (cooperatives, departments, borrowers or lines); " +
                    "the demo only loads into an empty one. Delete the demo's file (" + DefaultDatabase["Data Source=".Length..] +
                    ") or point ConnectionStrings__LoanService at a new one, e.g. " +
                    "ConnectionStrings__LoanService=\"Data Source=/tmp/loanservice-demo.db\".");
                return false;
            }
            // A key of its own for the operator's part, revoked when the demo is loaded: the demo needs
            // no operator key from the configuration and prints none.
            (operatorKey, var record) = ApiKeys.Issue(ApiRole.Operator, null, clock.GetCurrentInstant());
            operatorKeyId = record.Id;
            db.ApiKeys.Add(record);
            await db.SaveChangesAsync();
        }

        await app.StartAsync();
        var baseUrl = ReachableAddress(app.Urls);
        Console.WriteLine($"{Name}: loading the demo through {baseUrl} …");
        var watch = Stopwatch.StartNew();
        DemoSeedResult result;
        using (var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) })
        {
            var seeder = new DemoSeeder(http, operatorKey, app.Services.GetRequiredService<ProductSettings>(),
                message => Console.WriteLine($"  {message}"));
            result = await seeder.RunAsync(new DemoSeedOptions());
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            await db.ApiKeys.Where(k => k.Id == operatorKeyId)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, clock.GetCurrentInstant()));
        }

        var report = await ReportAsync(app, result);
        // Printed, not logged, like the operator key: keys must not sit in log files. Shown this once.
        Console.WriteLine($"""

            ================================================================
             Demo loaded in {watch.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s: {result.ProgramName}
             {result.Borrowers} borrowers, {Show.Yuan(result.Drawn)} drawn, {Show.Date(result.FirstBusinessDate)} to {Show.Date(result.BusinessDate.PlusDays(-1))} closed
             budget {report}
             {result.Repayments} repayments ({result.LatePayments} late), {result.Claims.Count} claims

             Sign in at {baseUrl} with the department's key (shown once):
               {result.DepartmentName}  {result.DepartmentKey}
             Cooperatives' API keys (X-Api-Key):
            {string.Join(Environment.NewLine, result.Cooperatives.Select(c => $"   {c.Name} ({c.Lines} lines)  {c.ApiKey}"))}
            ================================================================

            """);
        return true;
    }

    private static async Task<string> ReportAsync(WebApplication app, DemoSeedResult result)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == result.ProgramId);
        return $"{Show.Yuan(program.Budget.Amount)}, used {Show.Yuan(program.Committed.Amount)}, left {Show.Yuan(program.RemainingShownBeside(program.Committed).Amount)}";
    }

    /// <summary>An address of this process a client can call: a wildcard host becomes the loopback address.</summary>
    private static Uri ReachableAddress(ICollection<string> urls)
    {
        var url = urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? urls.First();
        var uri = new UriBuilder(url.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        return new Uri(uri.Uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
