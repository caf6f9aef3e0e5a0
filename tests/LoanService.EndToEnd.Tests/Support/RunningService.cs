using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace LoanService.EndToEnd.Tests.Support;

/// <summary>
/// The real service on Kestrel at 127.0.0.1, on a port the system picks, over a SQLite file of its
/// own: what a browser reaches at <see cref="BaseUrl"/> is what <c>dotnet run</c> would serve. The
/// operator key and the first business date (Monday 5 January 2026) are fixed so that tests can
/// seed data through the REST API and speak of literal dates.
/// </summary>
public class RunningService : WebApplicationFactory<Program>
{
    public const string OperatorKey = "lsk_e2e_operator_key_00000000000000000000";
    public const string FirstBusinessDate = "2026-01-05";

    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"loanservice-e2e-{Guid.NewGuid():N}.db");

    public RunningService()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        Operator = CreateClient(OperatorKey);
    }

    /// <summary>Where the service listens, e.g. <c>http://127.0.0.1:41737/</c>.</summary>
    public Uri BaseUrl => ClientOptions.BaseAddress;

    /// <summary>A client of the same server that sends the operator key, for seeding data.</summary>
    public HttpClient Operator { get; }

    /// <summary>A client of the same server that sends <paramref name="apiKey"/> (a cooperative's or a department's).</summary>
    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:LoanService", $"Data Source={_databaseFile}");
        builder.UseSetting("LoanService:OperatorApiKey", OperatorKey);
        builder.UseSetting("LoanService:FirstBusinessDate", FirstBusinessDate);
        builder.UseSetting("Scheduler:Enabled", "false");
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Settings a fixture of its own adds to (or puts in place of) the ones above.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
            if (File.Exists(path)) File.Delete(path);
    }
}
