using System.Data.Common;
using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// SQLite: one prepared <c>UPDATE</c> and one prepared <c>INSERT</c>, executed per row in the
/// caller's transaction. SQLite runs in-process, so a statement costs no round trip; parameters
/// are made by the model's type mappings, so values are stored exactly as EF Core stores them.
/// </summary>
internal sealed class SqliteLineCloseWriter : LineCloseWriter
{
    private TableMap? _lines;
    private TableMap? _journal;

    // LockAsync stays a no-op: the chunk's transaction is immediate, so SQLite already holds the
    // database's write lock and no posting can change a line under it.

    public override async Task WriteAsync(LoanServiceDbContext db, IReadOnlyList<VersionedLine> lines,
        IReadOnlyList<JournalEntryRow> journal, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("A close writes its chunk in the caller's transaction.");

        if (lines.Count > 0)
        {
            var map = _lines ??= TableMap.For<CreditLine>(db.Model);
            var id = map.Column(nameof(CreditLine.Id));
            var version = map.Column(LoanServiceDbContext.LineVersion);
            var set = map.Columns.Where(c => c != id && c != version).ToList();
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = $"UPDATE {map.Table} SET " +
                                 string.Join(", ", set.Select((c, i) => $"{c.Quoted} = @p{i}")) +
                                 $", {version.Quoted} = {version.Quoted} + 1 WHERE {id.Quoted} = @id AND {version.Quoted} = @version";
            var parameters = set.Select((c, i) => Add(update, c, $"@p{i}")).ToArray();
            var idParameter = Add(update, id, "@id");
            var versionParameter = Add(update, version, "@version");
            await update.PrepareAsync(ct);
            var written = 0;
            foreach (var (line, read) in lines)
            {
                for (var i = 0; i < set.Count; i++)
                    parameters[i].Value = set[i].Read(line) ?? DBNull.Value;
                idParameter.Value = id.Read(line);
                versionParameter.Value = read;
                written += await update.ExecuteNonQueryAsync(ct);
            }
            if (written != lines.Count) throw Conflict(written, lines.Count);
        }

        if (journal.Count > 0)
        {
            var map = _journal ??= TableMap.For<JournalEntryRow>(db.Model);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {map.Table} ({string.Join(", ", map.Columns.Select(c => c.Quoted))}) " +
                                 $"VALUES ({string.Join(", ", map.Columns.Select((_, i) => $"@p{i}"))})";
            var parameters = map.Columns.Select((c, i) => Add(insert, c, $"@p{i}")).ToArray();
            await insert.PrepareAsync(ct);
            foreach (var row in journal)
            {
                for (var i = 0; i < parameters.Length; i++)
                    parameters[i].Value = map.Columns[i].Read(row) ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static DbParameter Add(DbCommand command, ColumnMap column, string name)
    {
        var parameter = column.TypeMapping.CreateParameter(command, name, null, column.Property.IsNullable);
        command.Parameters.Add(parameter);
        return parameter;
    }
}
