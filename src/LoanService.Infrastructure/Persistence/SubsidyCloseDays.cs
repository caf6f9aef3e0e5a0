using System.Data.Common;
using System.Globalization;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// The close's two steps for subsidy programmes (docs/subsidies.md, "Quiet days"), each from one statement over the
/// lines, none of them read into memory:
/// <list type="bullet">
/// <item>before the date's lines are first planned, a programme whose budget might not cover the whole day of its lines
/// (<see cref="Domain.Subsidies.SubsidyProgram.ClosesEveryLineOn"/>) has every open line made due, so that the
/// close touches them all, in line-id order (<see cref="MakeDueWhereNoRoomAsync"/>);</item>
/// <item>in the finish, the day's subsidy of the lines the close did not touch is taken from each programme's
/// budget (<see cref="Domain.Subsidies.SubsidyProgram.TryGrantQuietDay"/>) and counted in the day's 计提
/// (<see cref="GrantQuietDayAsync"/>, from the statement the 计提 is written from: <see cref="DailyAccruals.QuietLinesAsync"/>).</item>
/// </list>
/// The SQL asks what <see cref="CreditLine.SubsidyDayBound"/>, <see cref="CreditLine.MayEarnSubsidyOn"/> and
/// <see cref="CreditLine.QuietSubsidyOn"/> ask of one line. Sums are of whole 分 per subsidy rate, priced here in
/// decimal, so that both providers get exactly what the lines themselves would add up to.
/// </summary>
public static class SubsidyCloseDays
{
    /// <summary>
    /// Makes every open line of the programmes without room for <paramref name="date"/> due on it (their version
    /// moves, as for any change of a line's next event); returns how many lines it made due.
    /// </summary>
    public static async Task<int> MakeDueWhereNoRoomAsync(LoanServiceDbContext db, LocalDate date, CancellationToken ct)
    {
        var (least, greatest) = Functions(db);
        var sums = await ReadAsync(db, date, $"""
            SELECT "SubsidyProgramId", "SubsidyRate",
                   SUM(CASE WHEN {MayEarn} THEN {least}({greatest}({Fen("Limit")}, {Fen("Principal")}), {Fen("SubsidyCap")}) ELSE 0 END),
                   SUM(CASE WHEN {MayEarn} THEN 1 ELSE 0 END), COUNT(*)
            FROM "CreditLines"
            WHERE {OpenNotClosed}
            GROUP BY "SubsidyProgramId", "SubsidyRate"
            """, r => (Program: r.GetGuid(0), Rate: Decimal(r, 1), Fen: Decimal(r, 2), MayEarn: (int)Decimal(r, 3), Lines: (int)Decimal(r, 4)), ct);
        var bounds = new Dictionary<Guid, (Money Bound, int MayEarn)>();
        foreach (var (program, rate, fen, mayEarn, lines) in sums)
        {
            var (bound, earning) = bounds.GetValueOrDefault(program, (Money.Zero, 0));
            bound = Accrual.Add(bound, Accrual.Add(Accrual.Interest(fen / 100m, rate), new Money(0.01m * lines)));
            bounds[program] = (bound, earning + mayEarn);
        }
        if (bounds.Count == 0) return 0;
        var ids = bounds.Keys.ToList();
        var programs = await db.SubsidyPrograms.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var made = 0;
        foreach (var program in programs.OrderBy(p => p.Id))
        {
            var (bound, mayEarn) = bounds[program.Id];
            if (!program.ClosesEveryLineOn(bound, mayEarn)) continue;
            made += await MakeDueAsync(db, program.Id, date, ct);
        }
        return made;
    }

    /// <summary>
    /// In the finish's transaction, before the date moves on: the day's subsidy of every line of a programme the
    /// close did not touch on <paramref name="date"/>, by (cooperative, programme), from the quiet lines' sums
    /// (<see cref="DailyAccruals.QuietLinesAsync"/>, which the day's 计提 is written from too). Each programme's share
    /// is taken from its budget (tracked: saved with the finish). Null when a programme no longer has room for it
    /// (lines joined it after the plan): then its quiet lines were made due, nothing was taken, and the close plans again.
    /// </summary>
    public static async Task<Dictionary<(Guid Cooperative, Guid Program), Money>?> GrantQuietDayAsync(
        LoanServiceDbContext db, LocalDate date, IReadOnlyList<QuietLineSums> quietLines, CancellationToken ct)
    {
        var quiet = new Dictionary<(Guid, Guid), Money>();
        foreach (var sums in quietLines)
        {
            if (sums.ProgramId is not { } program || sums.SubsidyBaseFen <= 0m) continue;
            var key = (sums.CooperativeId, program);
            var amount = Accrual.Interest(sums.SubsidyBaseFen / 100m, sums.SubsidyRate);
            quiet[key] = Accrual.Add(quiet.GetValueOrDefault(key, Money.Zero), amount);
        }
        var byProgram = quiet.GroupBy(q => q.Key.Item2).ToDictionary(g => g.Key, g => Accrual.Sum(g, q => q.Value));
        if (byProgram.Count == 0) return quiet;
        var ids = byProgram.Keys.Order().ToList();
        if (db.Database.IsNpgsql())
            foreach (var id in ids)
                await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "SubsidyPrograms" WHERE "Id" = {id} FOR UPDATE""", ct);
        var programs = await db.SubsidyPrograms.Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var withoutRoom = programs.Where(p => !p.TryGrantQuietDay(byProgram[p.Id], date)).ToList();
        if (withoutRoom.Count == 0) return quiet;
        foreach (var program in withoutRoom) await MakeDueAsync(db, program.Id, date, ct);
        foreach (var program in programs) db.Entry(program).State = EntityState.Detached; // nothing taken
        return null;
    }

    /// <summary>The open lines of <paramref name="program"/> not yet closed for <paramref name="date"/>, due on it.</summary>
    private static Task<int> MakeDueAsync(LoanServiceDbContext db, Guid program, LocalDate date, CancellationToken ct) =>
        db.CreditLines.Where(l => l.SubsidyProgramId == program).Where(CreditLine.IsOpenQuery)
            .Where(l => l.LastClosedDate < date && l.NextEventDate > date)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.NextEventDate, date)
                .SetProperty(l => EF.Property<int>(l, LoanServiceDbContext.LineVersion),
                    l => EF.Property<int>(l, LoanServiceDbContext.LineVersion) + 1), ct);

    /// <summary>Enrolled, open, and not yet closed for the date ($date).</summary>
    private const string OpenNotClosed =
        "\"SubsidyProgramId\" IS NOT NULL AND \"Status\" NOT IN ('Closed', 'Renewed') AND \"LastClosedDate\" < $date";

    /// <summary>Inside the programme's dates, and not extended unless the programme covers extended lines.</summary>
    private const string MayEarn =
        "$date >= \"SubsidyStartDate\" AND $date <= \"SubsidyEndDate\" " +
        "AND (\"MaturityDate\" = \"OriginalMaturityDate\" OR \"SubsidyCoversExtended\")";

    /// <summary>
    /// A line the close did not touch earns the date's subsidy from the budget (<see cref="CreditLine.QuietSubsidyOn"/>):
    /// enrolled, inside the programme's dates, with principal, nothing overdue, at a subsidy rate above zero.
    /// </summary>
    internal const string EarnsQuietDay =
        "\"SubsidyProgramId\" IS NOT NULL AND " + MayEarn +
        " AND CAST(ROUND(\"Principal\" * 100) AS BIGINT) > 0 AND CAST(ROUND(\"OverdueAmount\" * 100) AS BIGINT) = 0" +
        " AND \"SubsidyRate\" * 1.0 > 0";

    /// <summary>A money column in whole 分, as an integer: SQLite keeps decimals as text, and would sum them as doubles.</summary>
    internal static string Fen(string column) => $"CAST(ROUND(\"{column}\" * 100) AS BIGINT)";

    internal static (string Least, string Greatest) Functions(LoanServiceDbContext db) =>
        db.Database.IsNpgsql() ? ("LEAST", "GREATEST") : ("MIN", "MAX");

    /// <summary>
    /// The rows of one statement over the lines, with <paramref name="date"/> as <c>$date</c>, each made by
    /// <paramref name="read"/>, in the context's transaction; the finish's read of the quiet lines uses it too.
    /// </summary>
    internal static async Task<List<T>> ReadAsync<T>(LoanServiceDbContext db, LocalDate date, string sql,
        Func<DbDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await db.Database.OpenConnectionAsync(ct); // EF Core counts the opens: one it holds already stays open
        try
        {
            await using var command = Command(db, db.Database.GetDbConnection(), date, sql);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(read(reader));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return rows;
    }

    /// <summary>A command in the context's transaction with <paramref name="date"/> as <c>$date</c> (a date on PostgreSQL, text on SQLite).</summary>
    private static DbCommand Command(LoanServiceDbContext db, DbConnection connection, LocalDate date, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var parameter = command.CreateParameter();
        if (db.Database.IsNpgsql())
        {
            command.CommandText = sql.Replace("$date", "@date", StringComparison.Ordinal);
            parameter.ParameterName = "date";
            parameter.Value = date.ToDateOnly();
        }
        else
        {
            command.CommandText = sql;
            parameter.ParameterName = "$date";
            parameter.Value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A numeric column: a decimal on PostgreSQL, an integer or text on SQLite.</summary>
    internal static decimal Decimal(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        decimal d => d,
        long l => l,
        int i => i,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        double x => (decimal)x,
        var other => Convert.ToDecimal(other, CultureInfo.InvariantCulture),
    };
}
