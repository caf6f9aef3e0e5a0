using LoanService.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace LoanService.Api.Tests.Support;

/// <summary>
/// The service in process over its own database. The operator key and the first business date
/// (Monday 5 January 2026) are fixed so that tests can speak of literal dates.
/// </summary>
public abstract class ApiFactory : WebApplicationFactory<Program>, ITestDatabase
{
    public const string OperatorKey = "lsk_test_operator_key_0000000000000000000";
    public const string FirstBusinessDate = "2026-01-05";

    private string? _connectionString;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Puts the per-key rate limit out of a test's reach, for tests about something else. Both
    /// settings: a token bucket never holds more than its burst, whatever its rate.
    /// </summary>
    public static void LiftRateLimit(IDictionary<string, string?> settings)
    {
        settings["RateLimiting:PermitsPerSecond"] = "1000000";
        settings["RateLimiting:Burst"] = "1000000";
        settings["RateLimiting:KeyLookupsPerSecond"] = "1000000";
        settings["RateLimiting:KeyLookupBurst"] = "1000000";
    }

    /// <summary>The Hangfire server (nightly close, SMS dispatch); off unless a test is about the scheduler.</summary>
    protected virtual bool SchedulerEnabled => false;

    /// <summary>Everything the service logged, at every level.</summary>
    public LogCapture Logs { get; } = new();

    public string ConnectionString => _connectionString ??= CreateDatabase();

    protected abstract string CreateDatabase();

    protected abstract void DropDatabase(string connectionString);

    /// <summary>Extra configuration for a test class's service, e.g. <c>RateLimiting:PermitsPerSecond</c>.</summary>
    protected virtual void ConfigureSettings(IDictionary<string, string?> settings)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:LoanService", ConnectionString);
        builder.UseSetting("LoanService:OperatorApiKey", OperatorKey);
        builder.UseSetting("LoanService:FirstBusinessDate", FirstBusinessDate);
        builder.UseSetting("Scheduler:Enabled", SchedulerEnabled ? "true" : "false");
        var extra = new Dictionary<string, string?>();
        ConfigureSettings(extra);
        foreach (var (key, value) in extra) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }

    /// <summary>A client whose every answer is checked against the committed OpenAPI document.</summary>
    public new HttpClient CreateClient() => ContractCheckingHandler.Client(this);

    public ApiClient Operator() => new(CreateClient(), OperatorKey);

    public ApiClient WithKey(string key) => new(CreateClient(), key);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _connectionString is not null) DropDatabase(_connectionString);
    }
}

public class SqliteApiFactory : ApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string CreateDatabase() =>
        $"Data Source={Path.Combine(Path.GetTempPath(), $"loanservice-test-{Guid.NewGuid():N}.db")}";

    protected override void DropDatabase(string connectionString)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = connectionString["Data Source=".Length..];
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(path)) File.Delete(path);
    }
}

public class PostgresApiFactory : ApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override string CreateDatabase() => TestPostgres.CreateDatabase("loanservice_test");

    protected override void DropDatabase(string connectionString) => TestPostgres.DropDatabase(connectionString);
}

/// <summary>
/// A service whose rate limit a test cannot reach, for tests about something else (fuzzing, retries)
/// that send requests faster than a partner may.
/// </summary>
public sealed class UnthrottledSqliteApiFactory : SqliteApiFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings) => LiftRateLimit(settings);
}

public sealed class UnthrottledPostgresApiFactory : PostgresApiFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings) => LiftRateLimit(settings);
}
