using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database, from configuration <c>Database:Provider</c> and <c>ConnectionStrings:LoanService</c>.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/loanservice.db";

    /// <summary>The one place the provider is chosen; SQL Server would be one more case here.</summary>
    public void Configure(DbContextOptionsBuilder builder)
    {
        _ = Provider switch
        {
            DatabaseProvider.Postgres => builder.UseNpgsql(WithPoolDefaults(ConnectionString)),
            _ => builder.UseSqlite(ConnectionString),
        };
    }

    /// <summary>A context of this provider's own type, outside dependency injection (tools, tests, benchmarks).</summary>
    public LoanServiceDbContext CreateContext()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            var postgres = new DbContextOptionsBuilder<PostgresLoanServiceDbContext>();
            Configure(postgres);
            return new PostgresLoanServiceDbContext(postgres.Options);
        }
        var sqlite = new DbContextOptionsBuilder<SqliteLoanServiceDbContext>();
        Configure(sqlite);
        return new SqliteLoanServiceDbContext(sqlite.Options);
    }

    /// <summary>
    /// The service's defaults for its own PostgreSQL pool, where the connection string does not say:
    /// <list type="bullet">
    /// <item><c>No Reset On Close</c>: the service keeps no session state (no <c>SET</c>; its one
    /// temporary table is <c>ON COMMIT DROP</c>), so the <c>DISCARD ALL</c> per request is saved;</item>
    /// <item><c>Max Auto Prepare</c> 64: the statements the service repeats (a line's read, a posting's
    /// lock, inserts and update) are prepared once per connection, so PostgreSQL stops parsing and
    /// planning each of them again (statements name their columns, so an added column never
    /// breaks a prepared one);</item>
    /// <item><c>Maximum Pool Size</c> 32, because more backends than that only queue on the CPUs of a
    /// small database server.</item>
    /// </list>
    /// A connection string that sets any of them keeps its own value.
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Mentions(connectionString, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize")) builder.MaxPoolSize = 32;
        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(p => p.Split('=')[0].Trim())
            .Any(k => keys.Any(key => k.Equals(key, StringComparison.OrdinalIgnoreCase)));

    /// <summary>How close of business writes a chunk in bulk on this provider.</summary>
    public LineCloseWriter CreateLineCloseWriter() => Provider switch
    {
        DatabaseProvider.Postgres => new PostgresLineCloseWriter(),
        _ => new SqliteLineCloseWriter(),
    };

    public static DatabaseOptions From(string? provider, string? connectionString)
    {
        var kind = string.IsNullOrWhiteSpace(provider) ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var p) ? p
            : provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres
            : throw new InvalidOperationException($"Database:Provider '{provider}' is not Sqlite or Postgres.");
        return new DatabaseOptions(kind, string.IsNullOrWhiteSpace(connectionString)
            ? kind == DatabaseProvider.Sqlite ? DefaultSqlite
              : throw new InvalidOperationException("ConnectionStrings:LoanService is required for PostgreSQL.")
            : connectionString);
    }
}

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddSingleton(database);
        // Pooled: a request reuses a context instead of building one (the context holds no
        // per-request state beyond its change tracker, which the pool resets).
        // Each provider has its own context type, for its own migrations; the service takes the base type.
        if (database.Provider == DatabaseProvider.Postgres)
            services.AddDbContextPool<LoanServiceDbContext, PostgresLoanServiceDbContext>(database.Configure);
        else
            services.AddDbContextPool<LoanServiceDbContext, SqliteLoanServiceDbContext>(database.Configure);
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddScoped<BusinessCalendarStore>();
        services.AddSingleton<BusinessDateCache>();
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton(database.CreateLineCloseWriter());
        return services;
    }

    /// <summary>The SMS gateway chosen by <c>Sms:Gateway</c>, and what signs and checks its requests.</summary>
    public static IServiceCollection AddSms(this IServiceCollection services, SmsOptions sms)
    {
        sms.Validate();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(sms));
        services.AddSingleton<SmsNonces>();
        if (sms.Gateway == SmsGatewayKind.Http)
        {
            // Timeouts are per attempt in the gateway; the client's own is only a backstop.
            services.AddHttpClient<HttpSmsGateway>(c => c.Timeout = TimeSpan.FromSeconds(sms.TimeoutSeconds * (sms.RetriesPerSend + 2) + 5));
            services.AddTransient<ISmsGateway>(sp => sp.GetRequiredService<HttpSmsGateway>());
        }
        else
        {
            services.AddSingleton<FileSmsGateway>();
            services.AddSingleton<ISmsGateway>(sp => sp.GetRequiredService<FileSmsGateway>());
        }
        return services;
    }
}
