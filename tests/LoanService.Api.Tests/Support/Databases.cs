using LoanService.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LoanService.Api.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests may use: <c>LOANSERVICE_TEST_POSTGRES</c> holds its connection
/// string. Outside CI a missing one skips the PostgreSQL tests with that reason; with CI=true
/// they run and fail, so CI can never pass without them.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "LOANSERVICE_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"PostgreSQL tests need {Variable} (a connection string); .ci/run sets it."
        : null;

    /// <summary>Makes a fresh, empty database and returns its connection string.</summary>
    public static string CreateDatabase(string prefix)
    {
        var server = ConnectionString ?? throw new InvalidOperationException(
            $"{Variable} is not set, and CI=true requires the PostgreSQL tests to run.");
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        // Many test classes run at once, each on its own database: keep each pool small and let idle
        // connections go quickly, so together they stay well under the server's max_connections.
        return new NpgsqlConnectionStringBuilder(server)
        {
            Database = name, Pooling = true, MaxPoolSize = 20, ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>A database for one test class: a SQLite file, or a PostgreSQL database of its own.</summary>
public interface ITestDatabase
{
    DatabaseProvider Provider { get; }
}

public interface IPostgresTests;

/// <summary>
/// A fact that runs once per database: in a test class implementing <see cref="IPostgresTests"/>
/// it is skipped, with the reason shown, when PostgreSQL is not configured outside CI.
/// </summary>
[XunitTestCaseDiscoverer("LoanService.Api.Tests.Support.DatabaseFactDiscoverer", "LoanService.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

public sealed class DatabaseFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method,
        IAttributeInfo attribute)
    {
        var display = options.MethodDisplayOrDefault();
        var displayOptions = options.MethodDisplayOptionsOrDefault();
        var needsPostgres = typeof(IPostgresTests).IsAssignableFrom(method.TestClass.Class.ToRuntimeType());
        if (needsPostgres && TestPostgres.SkipReason is { } reason)
            yield return new XunitSkippedDataRowTestCase(sink, display, displayOptions, method, reason);
        else
            yield return new XunitTestCase(sink, display, displayOptions, method);
    }
}
