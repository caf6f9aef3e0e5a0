using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LoanService.Infrastructure.Persistence;

/// <summary>The database on SQLite, the embedded default: its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteLoanServiceDbContext(DbContextOptions<SqliteLoanServiceDbContext> options)
    : LoanServiceDbContext(options);

/// <summary>The database on PostgreSQL: its migrations are in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresLoanServiceDbContext(DbContextOptions<PostgresLoanServiceDbContext> options)
    : LoanServiceDbContext(options);

/// <summary>
/// What <c>dotnet ef migrations add … --context SqliteLoanServiceDbContext</c> builds the model with.
/// The tools need no database to add a migration: the connection string is never opened.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLoanServiceDbContext>
{
    public SqliteLoanServiceDbContext CreateDbContext(string[] args) =>
        (SqliteLoanServiceDbContext)new DatabaseOptions(DatabaseProvider.Sqlite, DatabaseOptions.DefaultSqlite).CreateContext();
}

/// <summary>What <c>dotnet ef migrations add … --context PostgresLoanServiceDbContext</c> builds the model with.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLoanServiceDbContext>
{
    public PostgresLoanServiceDbContext CreateDbContext(string[] args) =>
        (PostgresLoanServiceDbContext)new DatabaseOptions(DatabaseProvider.Postgres, "Host=localhost;Database=loanservice").CreateContext();
}
