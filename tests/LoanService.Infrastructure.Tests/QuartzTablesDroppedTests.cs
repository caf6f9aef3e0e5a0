using System.Data.Common;
using LoanService.Api.Tests.Support;
using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Persistence.Migrations.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Tests;

/// <summary>
/// A database the Quartz-era service ran on: migrated through the subsidies, with the 15 tables
/// Quartz made for itself at start (the DDL Quartz 4.7.3 itself ran, dumped from such a database,
/// in QuartzSchema/) and a job row in them. Migrating it to now drops those tables and nothing else.
/// </summary>
public class QuartzTablesDroppedTests
{
    private const string LastQuartzEraMigration = "20261122040000_Subsidies";

    [Fact]
    public void Migrate_OnSqliteWithQuartzTables_DropsEveryQuartzTable() =>
        ScratchDatabase.OnSqlite("quartz-drop", options => AssertQuartzDropped(options, "sqlite.sql",
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));

    [PostgresFact]
    public void Migrate_OnPostgresWithQuartzTables_DropsEveryQuartzTable() =>
        ScratchDatabase.OnPostgres("quartz_drop", options => AssertQuartzDropped(options, "postgres.sql",
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));

    private static void AssertQuartzDropped(DatabaseOptions options, string quartzDdl, string tablesSql)
    {
        using var db = options.CreateContext();
        db.GetService<IMigrator>().Migrate(LastQuartzEraMigration);
        var connection = db.Database.GetDbConnection();
        connection.Open();
        Execute(connection, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "QuartzSchema", quartzDdl)));
        Execute(connection, """
            INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable, is_nonconcurrent,
                is_update_data, requests_recovery) VALUES ('QuartzScheduler', 'close-of-business', 'close-of-business',
                'LoanService.Jobs.CloseOfBusiness.CloseOfBusinessJob', TRUE, TRUE, FALSE, TRUE)
            """);
        var before = Tables(connection, tablesSql);
        Assert.Equal(15, before.Count(IsQuartz));

        db.Database.Migrate();

        var after = Tables(connection, tablesSql);
        Assert.DoesNotContain(after, IsQuartz);
        // Every other table is still there (later migrations may add their own beside them).
        Assert.Equal(before.Where(t => !IsQuartz(t)), after.Intersect(before));
        Assert.Equal(DropQuartz.QuartzTables.Order(), before.Where(IsQuartz).Select(t => t.ToLowerInvariant()).Order());
    }

    private static bool IsQuartz(string table) => table.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase);

    private static List<string> Tables(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables.Order().ToList();
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
