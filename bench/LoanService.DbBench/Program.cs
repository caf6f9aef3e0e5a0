using System.Diagnostics;
using LoanService.Domain;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.DbBench;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NodaTime;

// dotnet run -c Release --project bench/LoanService.DbBench -- <postgres|sqlite> <lines> [chunk size] [parallelism] [--hangfire]
// --hangfire: the close runs as the nightly Hangfire job (triggered, timed from the trigger to Succeeded)
// --enrolled (PostgreSQL): every line enrolled in one subsidy programme, so early warning watches them all; with
//   --events P, the other lines' subsidy comes from the budget in the finish (the quiet day), and the close first
//   checks that the budget has room for all of them
// --events P: P % of the lines have an event on the business date (default 100); the others are quiet
// --settlement: the business date is a settlement day (the 20th): every line bills (implies --events 100)
// --every-line: the close closes every open line every night, as before it was event-driven
// --days N: then closes the N − 1 dates after it as well, one night each, each with its own P % of the lines with an
//   event (the first date is the first night after the seeding; the next ones show an ordinary night that follows one)
var viaHangfire = args.Contains("--hangfire");
var enrolled = args.Contains("--enrolled");
var settlement = args.Contains("--settlement");
var everyLine = args.Contains("--every-line");
var eventPercent = TakeNumber(ref args, "--events", 100);
var days = TakeNumber(ref args, "--days", 1);
if (settlement || everyLine) eventPercent = 100;
args = args.Where(a => a is not ("--hangfire" or "--enrolled" or "--settlement" or "--every-line")).ToArray();
if (args.Length < 2 || !int.TryParse(args[1], out var count))
{
    Console.Error.WriteLine("usage: LoanService.DbBench <postgres|sqlite> <lines> [chunk size] [parallelism] [--hangfire]");
    return 2;
}
var provider = args[0].ToLowerInvariant() switch
{
    "postgres" or "pg" => DatabaseProvider.Postgres,
    "sqlite" => DatabaseProvider.Sqlite,
    _ => throw new ArgumentException($"provider '{args[0]}' is not postgres or sqlite"),
};
var chunkSize = args.Length > 2 ? int.Parse(args[2]) : new CloseOptions().ChunkSize;
int? parallelism = args.Length > 3 ? int.Parse(args[3]) : null;
var server = Environment.GetEnvironmentVariable("LOANSERVICE_BENCH_POSTGRES")
             ?? "Host=127.0.0.1;Username=loan;Password=loan;Database=postgres";
var businessDate = settlement ? new LocalDate(2026, 3, 20) : new LocalDate(2026, 3, 10);
var ct = CancellationToken.None;

var connectionString = provider == DatabaseProvider.Postgres
    ? await FreshPostgresAsync(server, Environment.GetEnvironmentVariable("LOANSERVICE_BENCH_DATABASE") ?? "loanservice_dbbench")
    : FreshSqlite(Path.Combine(Path.GetTempPath(), $"{Environment.GetEnvironmentVariable("LOANSERVICE_BENCH_DATABASE") ?? "loanservice-dbbench"}-{count}.db"));
var database = new DatabaseOptions(provider, connectionString);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
var services = builder.Services;
services.AddLogging(logging =>
{
    if (Environment.GetEnvironmentVariable("LOANSERVICE_BENCH_TRACE") == "1")
        logging.SetMinimumLevel(LogLevel.Information).AddProvider(new TraceLoggerProvider());
});
services.AddMetrics();
services.AddInfrastructure(database);
services.AddSingleton(ProductSettings.Default);
// The nightly job closes through yesterday: 00:05 on the day after the business date, running on from there.
services.AddJobs(database, new SchedulerOptions
{
    Enabled = viaHangfire, CloseOfBusinessCron = "0 0 31 2 *", CatchUpOnStart = false,
    PollInterval = TimeSpan.FromSeconds(1), CloseRetryAttempts = 0,
}, o =>
{
    o.ChunkSize = chunkSize;
    o.Parallelism = parallelism;
    o.WorkerEnabled = false;
    o.EveryLine = everyLine;
});
var clock = new RunningClock(
    businessDate.PlusDays(1).At(new LocalTime(0, 5)).InZoneLeniently(BusinessCalendarStore.Zone).ToInstant());
services.Replace(ServiceDescriptor.Singleton<IClock>(clock));
using var host = builder.Build();
var container = host.Services;

await using (var scope = container.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(businessDate, ct);

var seeder = new Seeder(businessDate, count, eventPercent: eventPercent, days: days);
var watch = Stopwatch.StartNew();
if (provider == DatabaseProvider.Postgres) await seeder.SeedPostgresAsync(connectionString, ct);
else await seeder.SeedSqliteAsync(connectionString, ct);
var seedSeconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"seeded {count:N0} lines ({seeder.Overdue:N0} with an overdue bill) in {seedSeconds:0.0} s");

double? updateSeconds = null;
if (provider == DatabaseProvider.Postgres)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync(ct);
    if (enrolled) await EnrolAsync(connection, businessDate);
    await ExecAsync(connection, "VACUUM ANALYZE");
    await ExecAsync(connection, "CHECKPOINT");
    // The reference: one plain UPDATE of the same rows, in a transaction rolled back so the close
    // starts from the same lines; VACUUM then clears the dead row versions it left.
    await using (var transaction = await connection.BeginTransactionAsync(ct))
    {
        watch.Restart();
        var touched = await ExecAsync(connection,
            "UPDATE \"CreditLines\" SET \"InterestBalanceDays\" = \"InterestBalanceDays\" + \"Principal\"");
        updateSeconds = watch.Elapsed.TotalSeconds;
        await transaction.RollbackAsync(ct);
        Console.WriteLine($"plain UPDATE touched {touched:N0} rows in {updateSeconds:0.00} s (rolled back)");
    }
    await ExecAsync(connection, "VACUUM ANALYZE");
    await ExecAsync(connection, "CHECKPOINT");
}
else
{
    // The same reference on SQLite: one plain UPDATE of every row, rolled back.
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync(ct);
    await using var transaction = connection.BeginTransaction();
    await using var update = connection.CreateCommand();
    update.Transaction = transaction;
    update.CommandText = "UPDATE \"CreditLines\" SET \"InterestBalanceDays\" = \"InterestBalanceDays\" + \"Principal\"";
    watch.Restart();
    var touched = await update.ExecuteNonQueryAsync(ct);
    updateSeconds = watch.Elapsed.TotalSeconds;
    transaction.Rollback();
    Console.WriteLine($"plain UPDATE touched {touched:N0} rows in {updateSeconds:0.00} s (rolled back)");
}

GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
var close = container.GetRequiredService<CloseBusinessDays>();
CloseResult result;
long peakWorkingSet;
long peakManaged;
using (var sampler = new MemorySampler())
{
    if (viaHangfire)
    {
        await host.StartAsync(ct);
        watch.Restart();
        result = await HangfireClose.RunAsync(container, ct);
        watch.Stop();
        await host.StopAsync(ct);
    }
    else
    {
        watch.Restart();
        result = await close.RunAsync(null, ct);
        watch.Stop();
    }
    Thread.Sleep(150);
    peakWorkingSet = sampler.PeakBytes;
    peakManaged = sampler.PeakManagedBytes;
}
var closeSeconds = watch.Elapsed.TotalSeconds;

// The close must have closed every line with an event once, and left none due.
int closedLines, journalRows, chunks, planned, stillDue;
long? warningMs = null;
int warningCandidates = 0, warningsRaised = 0;
await using (var scope = container.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
    closedLines = await CountAsync(db, $"SELECT COUNT(*) FROM \"CreditLines\" WHERE \"LastClosedDate\" = '{businessDate:yyyy-MM-dd}'");
    (planned, journalRows, stillDue) = await NightAsync(db, businessDate);
    chunks = await CountAsync(db, $"SELECT COUNT(*) FROM \"CloseChunks\" WHERE \"BusinessDate\" = '{businessDate:yyyy-MM-dd}' AND \"State\" = 'Done'");
    // The early-warning step's own time, measured inside the same close.
    if (await db.WarningScans.AsNoTracking().SingleOrDefaultAsync(w => w.BusinessDate == businessDate, ct) is { } scan)
        (warningMs, warningCandidates, warningsRaised) = (scan.DurationMs, scan.LinesRead, scan.Raised);
}
using var self = Process.GetCurrentProcess();
var expected = eventPercent >= 100 ? count : Enumerable.Range(0, count).Count(i => i * (long)eventPercent / 100 != (i + 1) * (long)eventPercent / 100);
Console.WriteLine($"closed {string.Join(", ", result.Closed.Select(d => d.ToString("yyyy-MM-dd", null)))}; business date now {result.BusinessDate:yyyy-MM-dd}; " +
                  $"{planned:N0} lines with an event closed ({closedLines:N0} now closed through the date), " +
                  $"{journalRows:N0} journal entries, {chunks} chunks done");
if (planned != expected || stillDue != 0 || (settlement && journalRows < count))
{
    Console.Error.WriteLine($"FAILED: {expected:N0} lines had an event, {planned:N0} were closed, {stillDue:N0} are still due");
    return 1;
}

if (warningMs is { } ms)
    Console.WriteLine($"early warning: {warningCandidates:N0} lines read, {warningsRaised:N0} warnings raised in {ms / 1000.0:0.00} s: " +
                      $"the close without it {closeSeconds - ms / 1000.0:0.0} s, with it {closeSeconds:0.0} s " +
                      $"(+{ms / 1000.0 / (closeSeconds - ms / 1000.0) * 100:0.0}%)");
Console.WriteLine();
Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
var day = settlement ? "settlement" : everyLine ? "every line" : $"{eventPercent} % events";
Console.WriteLine("| lines | day | provider | chunk | close s | plain UPDATE s | ratio | lines closed/s | peak WS during close MB | peak managed MB | process peak WS MB |");
Console.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine($"| {count:N0} | {day} | {provider}{(viaHangfire ? " (Hangfire job)" : "")} | {chunkSize:N0} | {closeSeconds:0.00} | " +
                  $"{(updateSeconds is { } u ? u.ToString("0.0") : "–")} | " +
                  $"{(updateSeconds is { } v ? (closeSeconds / v).ToString("0.00") + "×" : "–")} | {planned / closeSeconds:N0} | " +
                  $"{peakWorkingSet / 1048576.0:0} | {peakManaged / 1048576.0:0} | {self.PeakWorkingSet64 / 1048576.0:0} |");

// The nights after (--days): the clock moves on a day, and the close closes the next date.
for (var night = 1; night < days; night++)
{
    var date = businessDate.PlusDays(night);
    clock.Advance(Duration.FromDays(1));
    watch.Restart();
    var next = await close.RunAsync(null, ct);
    watch.Stop();
    await using var scope = container.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
    var (linesClosed, entries, due) = await NightAsync(db, date);
    var scan = await db.WarningScans.AsNoTracking().SingleOrDefaultAsync(w => w.BusinessDate == date, ct);
    Console.WriteLine($"night {night + 1}: closed {string.Join(", ", next.Closed.Select(d => d.ToString("yyyy-MM-dd", null)))} in {watch.Elapsed.TotalSeconds:0.00} s " +
                      $"({watch.Elapsed.TotalSeconds / (updateSeconds ?? double.NaN):0.00}× the plain UPDATE): {linesClosed:N0} lines with an event closed, " +
                      $"{entries:N0} journal entries, {due:N0} still due" +
                      (scan is null ? "" : $"; early warning read {scan.LinesRead:N0} lines, raised {scan.Raised:N0} in {scan.DurationMs / 1000.0:0.00} s"));
    if (due != 0 || next.Closed.Count != 1 || next.Closed[0] != date)
    {
        Console.Error.WriteLine($"FAILED: the close of {date:yyyy-MM-dd} left {due:N0} lines due");
        return 1;
    }
}
Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

static async Task<string> FreshPostgresAsync(string server, string name)
{
    await using (var connection = new NpgsqlConnection(server))
    {
        await connection.OpenAsync();
        await ExecAsync(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await ExecAsync(connection, $"CREATE DATABASE \"{name}\"");
    }
    return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
}

static string FreshSqlite(string file)
{
    foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        File.Delete(f);
    return new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
}

// One programme funding every line (3.00% on at most 200,000, a budget no close exhausts), as the API would enrol them:
// the line carries the programme's dates and coverage. The lines' next events stay as seeded.
static async Task EnrolAsync(NpgsqlConnection connection, LocalDate businessDate)
{
    var program = Guid.NewGuid();
    await ExecAsync(connection, $"""
        INSERT INTO "SubsidyPrograms" ("Id", "OrgDepartmentId", "Name", "Funder", "RegionCode", "CooperativeIds",
            "AcceptedCooperativeIds", "StartDate", "EndDate", "Budget", "PrincipalCap", "RateRuleKind", "RateRuleValue", "Mode",
            "ForfeitOnLatePayment", "CoversExtendedLines", "Committed", "CreatedAt", "Version")
        VALUES ('{program}', '{Guid.NewGuid()}', 'bench', '中共福鼎市委组织部', '350982', '[]', '[]', '2026-01-01', '2027-12-31',
            9999999999.00, 200000.00, 'FixedRate', 0.03, 'LenderClaims', true, false, 0, now(), 0)
        """);
    var touched = await ExecAsync(connection, $"""
        UPDATE "CreditLines" SET "SubsidyProgramId" = '{program}', "SubsidyMode" = 'LenderClaims', "SubsidyRate" = 0.03,
            "SubsidyCap" = 200000.00, "SubsidyPeriodStart" = '{businessDate.PlusDays(-30):yyyy-MM-dd}',
            "SubsidyStartDate" = '2026-01-01', "SubsidyEndDate" = '2027-12-31', "SubsidyCoversExtended" = false
        """);
    Console.WriteLine($"enrolled {touched:N0} lines in one programme");
}

static async Task<int> ExecAsync(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    return await command.ExecuteNonQueryAsync();
}

// Takes "name N" out of the arguments, or gives the default.
static int TakeNumber(ref string[] args, string name, int otherwise)
{
    if (Array.IndexOf(args, name) is not (var at and >= 0)) return otherwise;
    var value = int.Parse(args[at + 1]);
    args = args.Where((_, i) => i != at && i != at + 1).ToArray();
    return value;
}

// What the close of a date did: the lines it planned (those with an event), the journal entries of the date, and
// the lines still due on it (none, once it is closed).
static async Task<(int Planned, int Entries, int StillDue)> NightAsync(LoanServiceDbContext db, LocalDate date) => (
    await CountAsync(db, $"SELECT \"LinesPlanned\" FROM \"CloseRuns\" WHERE \"BusinessDate\" = '{date:yyyy-MM-dd}'"),
    await CountAsync(db, $"SELECT COUNT(*) FROM \"JournalEntries\" WHERE \"BusinessDate\" = '{date:yyyy-MM-dd}'"),
    await CountAsync(db, $"SELECT COUNT(*) FROM \"CreditLines\" WHERE \"NextEventDate\" <= '{date:yyyy-MM-dd}'"));

static async Task<int> CountAsync(LoanServiceDbContext db, string sql)
{
    var connection = db.Database.GetDbConnection();
    if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToInt32(await command.ExecuteScalarAsync());
}
