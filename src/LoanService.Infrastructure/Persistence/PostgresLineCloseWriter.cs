using LoanService.Domain.CreditLines;
using Npgsql;
using NpgsqlTypes;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL: binary COPY of the lines into a temporary table and one <c>UPDATE … FROM</c> from it,
/// binary COPY of the journal entries. Three round trips a chunk, whatever its size.
/// </summary>
internal sealed class PostgresLineCloseWriter : LineCloseWriter
{
    private const string Staging = "close_lines";

    private Plan? _plan;

    private sealed record Plan(TableMap Lines, TableMap Journal, ColumnMap LineVersion, ColumnWriter?[] LineWriters,
        ColumnWriter[] JournalWriters, string CreateStaging, string CopyLines, string Update, string CopyJournal);

    /// <summary>Row locks in id order (as postings take one row at a time, no lock cycle can form).</summary>
    public override Task LockAsync(LoanServiceDbContext db, Guid first, Guid last, Guid? program, NodaTime.LocalDate date,
        bool everyLine, CancellationToken ct) =>
        everyLine
            ? db.Database.ExecuteSqlAsync($"""
                SELECT 1 FROM "CreditLines"
                WHERE "Id" >= {first} AND "Id" <= {last} AND "LastClosedDate" < {date.ToDateOnly()}
                  AND "SubsidyProgramId" IS NOT DISTINCT FROM {program}
                ORDER BY "Id" FOR UPDATE
                """, ct)
            : db.Database.ExecuteSqlAsync($"""
                SELECT 1 FROM "CreditLines"
                WHERE (("NextEventDate" = {date.ToDateOnly()} AND "Id" >= {first} AND "Id" <= {last})
                       OR ("NextEventDate" < {date.ToDateOnly()} AND "Id" >= {first} AND "Id" <= {last}))
                  AND "LastClosedDate" < {date.ToDateOnly()} AND "SubsidyProgramId" IS NOT DISTINCT FROM {program}
                ORDER BY "Id" FOR UPDATE
                """, ct);

    public override async Task WriteAsync(LoanServiceDbContext db, IReadOnlyList<VersionedLine> lines,
        IReadOnlyList<JournalEntryRow> journal, CancellationToken ct)
    {
        var plan = _plan ??= MakePlan(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A close writes its chunk in the caller's transaction.");

        if (lines.Count > 0)
        {
            await ExecuteAsync(connection, plan.CreateStaging, ct);
            await using (var copy = await connection.BeginBinaryImportAsync(plan.CopyLines, ct))
            {
                foreach (var (line, version) in lines)
                {
                    await copy.StartRowAsync(ct);
                    foreach (var column in plan.LineWriters)
                    {
                        if (column is null) await copy.WriteAsync(version, NpgsqlDbType.Integer, ct);
                        else await column.WriteAsync(copy, line, ct);
                    }
                }
                await copy.CompleteAsync(ct);
            }
            var written = await ExecuteAsync(connection, plan.Update, ct);
            if (written != lines.Count) throw Conflict(written, lines.Count);
        }

        if (journal.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(plan.CopyJournal, ct);
            foreach (var row in journal)
            {
                await copy.StartRowAsync(ct);
                foreach (var column in plan.JournalWriters)
                    await column.WriteAsync(copy, row, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    private static Plan MakePlan(LoanServiceDbContext db)
    {
        var lines = TableMap.For<CreditLine>(db.Model);
        var journal = TableMap.For<JournalEntryRow>(db.Model);
        var id = lines.Column(nameof(CreditLine.Id));
        var version = lines.Column(LoanServiceDbContext.LineVersion);
        var lineColumns = string.Join(", ", lines.Columns.Select(c => c.Quoted));
        var set = string.Join(", ", lines.Columns.Where(c => c != id && c != version)
            .Select(c => $"{c.Quoted} = s.{c.Quoted}").Append($"{version.Quoted} = l.{version.Quoted} + 1"));
        return new Plan(lines, journal, version,
            lines.Columns.Select(c => c == version ? null : ColumnWriter.For(c)).ToArray(),
            journal.Columns.Select(ColumnWriter.For).ToArray(),
            $"CREATE TEMPORARY TABLE {Staging} (LIKE {lines.Table}) ON COMMIT DROP",
            $"COPY {Staging} ({lineColumns}) FROM STDIN (FORMAT BINARY)",
            $"UPDATE {lines.Table} AS l SET {set} FROM {Staging} AS s " +
            $"WHERE l.{id.Quoted} = s.{id.Quoted} AND l.{version.Quoted} = s.{version.Quoted}",
            $"COPY {journal.Table} ({string.Join(", ", journal.Columns.Select(c => c.Quoted))}) FROM STDIN (FORMAT BINARY)");
    }

    /// <summary>The wire type for a column, from the type the model stores it as; null lets Npgsql infer it.</summary>
    private static NpgsqlDbType? DbType(ColumnMap column)
    {
        var stored = column.TypeMapping.Converter?.ProviderClrType ?? column.TypeMapping.ClrType;
        stored = Nullable.GetUnderlyingType(stored) ?? stored;
        return stored switch
        {
            _ when stored == typeof(Guid) => NpgsqlDbType.Uuid,
            _ when stored == typeof(decimal) => NpgsqlDbType.Numeric,
            _ when stored == typeof(int) => NpgsqlDbType.Integer,
            _ when stored == typeof(long) => NpgsqlDbType.Bigint,
            _ when stored == typeof(bool) => NpgsqlDbType.Boolean,
            _ when stored == typeof(DateOnly) => NpgsqlDbType.Date,
            // text and varchar share their binary form.
            _ when stored == typeof(string) => NpgsqlDbType.Text,
            _ when stored == typeof(DateTime) => column.TypeMapping.StoreType.StartsWith("timestamp with time zone", StringComparison.Ordinal)
                ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp,
            _ => null,
        };
    }

    /// <summary>Writes one column of a row straight from the entity, typed: no boxing per value.</summary>
    private abstract class ColumnWriter
    {
        public abstract Task WriteAsync(NpgsqlBinaryImporter copy, object entity, CancellationToken ct);

        public static ColumnWriter For(ColumnMap column)
        {
            var type = column.ProviderType;
            var writer = Nullable.GetUnderlyingType(type) is { } underlying
                ? typeof(NullableColumnWriter<>).MakeGenericType(underlying)
                : typeof(ColumnWriter<>).MakeGenericType(type);
            return (ColumnWriter)Activator.CreateInstance(writer, column.Reader, DbType(column))!;
        }
    }

    private sealed class ColumnWriter<T>(Func<object, T> read, NpgsqlDbType? type) : ColumnWriter
    {
        public override Task WriteAsync(NpgsqlBinaryImporter copy, object entity, CancellationToken ct)
        {
            var value = read(entity);
            return value is null ? copy.WriteNullAsync(ct)
                : type is { } t ? copy.WriteAsync(value, t, ct)
                : copy.WriteAsync(value, ct);
        }
    }

    private sealed class NullableColumnWriter<T>(Func<object, T?> read, NpgsqlDbType? type) : ColumnWriter
        where T : struct
    {
        public override Task WriteAsync(NpgsqlBinaryImporter copy, object entity, CancellationToken ct)
        {
            var value = read(entity);
            return value is not { } v ? copy.WriteNullAsync(ct)
                : type is { } t ? copy.WriteAsync(v, t, ct)
                : copy.WriteAsync(v, ct);
        }
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
