using LoanService.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Infrastructure.Tests;

/// <summary>
/// Each provider has its own migrations and model snapshot (docs/migrations.md). A model
/// change without <c>scripts/add-migration</c> fails here, before a database refuses to start on it.
/// Neither check opens a database: the PostgreSQL one runs without a server too.
/// </summary>
public class MigrationsInStepTests
{
    private static readonly DatabaseOptions Sqlite = new(DatabaseProvider.Sqlite, "Data Source=:memory:");
    private static readonly DatabaseOptions Postgres = new(DatabaseProvider.Postgres, "Host=localhost;Database=unused");

    [Fact]
    public void Model_OnSqlite_HasNoChangeWithoutAMigration()
    {
        using var db = Sqlite.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a migration: run scripts/add-migration <Name>.");
    }

    [Fact]
    public void Model_OnPostgres_HasNoChangeWithoutAMigration()
    {
        using var db = Postgres.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a migration: run scripts/add-migration <Name>.");
    }

    [Fact]
    public void Migrations_OnBothProviders_HaveTheSameIdsInTheSameOrder()
    {
        using var sqlite = Sqlite.CreateContext();
        using var postgres = Postgres.CreateContext();
        var ids = sqlite.Database.GetMigrations().ToList();
        Assert.Equal(ids, postgres.Database.GetMigrations().ToList());
        // The ids a database made before the snapshot carries in its history: never applied again.
        Assert.Equal("20261122000000_Initial", ids[0]);
        Assert.Contains("20261201020000_DropQuartz", ids);
    }
}
