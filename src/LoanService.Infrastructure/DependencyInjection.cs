using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
            DatabaseProvider.Postgres => builder.UseNpgsql(ConnectionString),
            _ => builder.UseSqlite(ConnectionString),
        };
        // The migrations are written by hand and carry no model snapshot to compare with;
        // SchemaMatchesModelTests checks the migrated schema against the model instead.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

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
        services.AddDbContext<LoanServiceDbContext>(database.Configure);
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
