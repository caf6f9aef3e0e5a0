using LoanService.Api.Tests.Support;
using LoanService.Infrastructure.Persistence;

namespace LoanService.Infrastructure.Tests;

/// <summary>An empty database of each provider for one test, removed after it.</summary>
internal static class ScratchDatabase
{
    /// <summary>Runs <paramref name="test"/> on a new SQLite file named after <paramref name="prefix"/>, then deletes it.</summary>
    public static void OnSqlite(string prefix, Action<DatabaseOptions> test)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");
        try
        {
            test(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs <paramref name="test"/> on a new PostgreSQL database named after <paramref name="prefix"/>, then drops it.</summary>
    public static void OnPostgres(string prefix, Action<DatabaseOptions> test)
    {
        var connectionString = TestPostgres.CreateDatabase(prefix);
        try
        {
            test(new DatabaseOptions(DatabaseProvider.Postgres, connectionString));
        }
        finally
        {
            TestPostgres.DropDatabase(connectionString);
        }
    }
}
