using System.Data.Common;
using LoanService.Api.Tests.Support;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Infrastructure.Tests;

/// <summary>A PostgreSQL-only fact, skipped with its reason outside CI when no server is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>
/// The first migrations were written by hand, so nothing but this test says they build the schema the
/// EF model expects: every table, column, store type, nullability and index, on both databases.
/// </summary>
public class SchemaMatchesModelTests
{
    [Fact]
    public void Migrate_OnSqlite_GivesTheModelsSchema() =>
        ScratchDatabase.OnSqlite("schema", options => AssertSchemaMatches(options,
            """
                SELECT m.name, p.name, upper(p.type), CASE WHEN p."notnull" = 0 AND p.pk = 0 THEN 1 ELSE 0 END
                FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\'
                """,
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"));

    [PostgresFact]
    public void Migrate_OnPostgres_GivesTheModelsSchema() =>
        ScratchDatabase.OnPostgres("schema_test", options => AssertSchemaMatches(options,
            """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 0 ELSE 1 END
                FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                  AND c.relname NOT LIKE '\_\_EF%'
                """,
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'PK_%'"));

    private static void AssertSchemaMatches(DatabaseOptions options, string columnsSql, string indexesSql)
    {
        using var db = options.CreateContext();
        db.Database.Migrate();
        Assert.Empty(db.Database.GetPendingMigrations());

        var model = db.Model.GetRelationalModel();
        var expectedColumns = model.Tables
            .SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType.ToUpperInvariant()} {(c.IsNullable ? "NULL" : "NOT NULL")}"))
            .Order().ToList();
        var expectedIndexes = model.Tables.SelectMany(t => t.Indexes.Select(i => i.Name)).Order().ToList();

        var connection = db.Database.GetDbConnection();
        connection.Open();
        var actualColumns = Query(connection, columnsSql, r =>
                $"{r.GetString(0)}.{r.GetString(1)} {r.GetString(2).ToUpperInvariant()} {(Convert.ToInt32(r.GetValue(3)) == 1 ? "NULL" : "NOT NULL")}")
            .Order().ToList();
        var actualIndexes = Query(connection, indexesSql, r => r.GetString(0)).Order().ToList();

        Assert.Equal(expectedColumns, actualColumns);
        Assert.Equal(expectedIndexes, actualIndexes);
    }

    private static List<string> Query(DbConnection connection, string sql, Func<DbDataReader, string> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
