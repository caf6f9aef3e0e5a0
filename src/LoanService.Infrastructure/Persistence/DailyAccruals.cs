using LoanService.Domain;
using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// A business date's 计提 for one cooperative and one subsidy programme (<see cref="Guid.Empty"/>: lines in
/// none): the interest, the penalty and compound interest and the subsidy its open lines accrued that day,
/// exact (to 16 places, as the lines keep them). What a general ledger posts, instead of a row per line.
/// Written once, by the close that finishes the date.
/// </summary>
public sealed class DailyAccrualRow
{
    public LocalDate BusinessDate { get; set; }
    public Guid CooperativeId { get; set; }
    public Guid ProgramId { get; set; }
    public decimal Interest { get; set; }
    public decimal Penalty { get; set; }
    public decimal Subsidy { get; set; }

    /// <summary>Open lines counted (with a balance or not).</summary>
    public int Lines { get; set; }
}

/// <summary>
/// What the lines one close chunk closed accrued on its date, by cooperative and programme: taken from each
/// line before its close, in the chunk's transaction. The close's finish adds the quiet lines to these.
/// </summary>
public sealed class DailyAccrualPartRow
{
    public LocalDate BusinessDate { get; set; }
    public int ChunkNo { get; set; }
    public Guid CooperativeId { get; set; }
    public Guid ProgramId { get; set; }
    public decimal Interest { get; set; }
    public decimal Penalty { get; set; }
    public decimal Subsidy { get; set; }
    public int Lines { get; set; }
}

/// <summary>
/// The day's 计提. A line's accrual of a date is its end-of-day balance × rate ÷ 360: principal at the
/// contract rate, overdue principal and interest at the penalty rate, and the subsidy its programme granted.
/// The lines a chunk closes have it taken before their close (<see cref="Add"/>); every other open line was
/// quiet on the date, so its balances now are that day's, and the finish sums them in the same statement
/// that writes the rows (<see cref="WriteAsync"/>).
/// </summary>
public static class DailyAccruals
{
    /// <summary>A running sum of accrued figures, exact (<see cref="Accrual.Add"/>), kept as the column's decimal.</summary>
    private static decimal Plus(decimal sum, Money accrued) => Accrual.Add(new Money(sum), accrued).Amount;

    /// <summary>A chunk's sums, by (cooperative, programme).</summary>
    public sealed class Parts(LocalDate date, int chunkNo)
    {
        private readonly Dictionary<(Guid, Guid), DailyAccrualPartRow> _rows = [];

        /// <summary>The day's accrual of <paramref name="line"/>, from its balances before the close of the date.</summary>
        public void Add(CreditLine line)
        {
            var row = Row(line);
            row.Interest = Plus(row.Interest, Accrual.Interest(line.Principal.Amount, line.AnnualRate.Value));
            row.Penalty = Plus(row.Penalty, Accrual.Interest((line.OverduePrincipal + line.OverdueInterest).Amount, line.PenaltyRate));
            row.Lines++;
        }

        /// <summary>The subsidy the close of the date granted <paramref name="line"/> (its accrued events of the date).</summary>
        public void AddSubsidy(CreditLine line)
        {
            foreach (var e in line.PendingSubsidyEvents)
                if (e is SubsidyAccrued { Base.IsPositive: true } a && a.Date == date)
                {
                    var row = Row(line);
                    row.Subsidy = Plus(row.Subsidy, a.Amount);
                }
        }

        public void SaveWith(LoanServiceDbContext db) => db.AddRange(_rows.Values);

        private DailyAccrualPartRow Row(CreditLine line)
        {
            var key = (line.CooperativeId, line.SubsidyProgramId ?? Guid.Empty);
            if (!_rows.TryGetValue(key, out var row))
                _rows[key] = row = new DailyAccrualPartRow
                {
                    BusinessDate = date, ChunkNo = chunkNo, CooperativeId = key.Item1, ProgramId = key.Item2,
                };
            return row;
        }
    }

    /// <summary>
    /// The subsidy the lines not closed on <paramref name="date"/> accrued, by (cooperative, programme)
    /// (<see cref="SubsidyCloseDays.GrantQuietDayAsync"/>), as parts of chunk 0, the finish's own (chunks count from 1):
    /// <see cref="WriteAsync"/> takes them with the chunks' parts. Saved with the caller's changes.
    /// </summary>
    public static void AddQuietSubsidy(LoanServiceDbContext db, LocalDate date,
        IReadOnlyDictionary<(Guid Cooperative, Guid Program), Money> quiet)
    {
        foreach (var ((cooperative, program), amount) in quiet)
            db.DailyAccrualParts.Add(new DailyAccrualPartRow
            {
                BusinessDate = date, ChunkNo = 0, CooperativeId = cooperative, ProgramId = program, Subsidy = amount.Amount,
            });
    }

    /// <summary>
    /// In the finishing close's transaction: the date's rows from the chunks' parts and the open lines not
    /// closed on the date (each line's figure to 16 places, as the lines keep it); the parts are then dropped.
    /// On PostgreSQL one set-based statement, in numeric, exact. SQLite keeps decimals as text and would sum
    /// them as doubles, so there one statement sums the quiet lines' balances in whole 分 (integers, exact) by
    /// rate, and each sum is priced here, in decimal.
    /// </summary>
    public static async Task WriteAsync(LoanServiceDbContext db, LocalDate date, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            await WriteStreamedAsync(db, date, ct);
            return;
        }
        var day = date.ToDateOnly();
        var none = Guid.Empty;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DailyAccruals" ("BusinessDate", "CooperativeId", "ProgramId", "Interest", "Penalty", "Subsidy", "Lines")
            SELECT {day}, x."CooperativeId", x."ProgramId", SUM(x."Interest"), SUM(x."Penalty"), SUM(x."Subsidy"), SUM(x."Lines")
            FROM (
                SELECT "CooperativeId", COALESCE("SubsidyProgramId", {none}) AS "ProgramId",
                       ROUND("Principal" * "AnnualRate" / 360.0000000000000000, 16) AS "Interest",
                       ROUND("OverdueAmount" * "PenaltyRate" / 360.0000000000000000, 16) AS "Penalty",
                       0 AS "Subsidy", 1 AS "Lines"
                FROM "CreditLines"
                WHERE "Status" NOT IN ('Closed', 'Renewed') AND "LastClosedDate" < {day}
                UNION ALL
                SELECT "CooperativeId", "ProgramId", "Interest", "Penalty", "Subsidy", "Lines"
                FROM "DailyAccrualParts" WHERE "BusinessDate" = {day}
            ) AS x
            GROUP BY x."CooperativeId", x."ProgramId"
            """, ct);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "DailyAccrualParts" WHERE "BusinessDate" = {day}""", ct);
    }

    private static async Task WriteStreamedAsync(LoanServiceDbContext db, LocalDate date, CancellationToken ct)
    {
        var parts = await db.DailyAccrualParts.Where(p => p.BusinessDate == date).ToListAsync(ct);
        var rows = new Dictionary<(Guid, Guid), DailyAccrualRow>();
        DailyAccrualRow Row(Guid cooperative, Guid program)
        {
            if (!rows.TryGetValue((cooperative, program), out var row))
                rows[(cooperative, program)] = row = new DailyAccrualRow
                {
                    BusinessDate = date, CooperativeId = cooperative, ProgramId = program,
                };
            return row;
        }
        foreach (var part in parts)
        {
            var row = Row(part.CooperativeId, part.ProgramId);
            row.Interest = Plus(row.Interest, new Money(part.Interest));
            row.Penalty = Plus(row.Penalty, new Money(part.Penalty));
            row.Subsidy = Plus(row.Subsidy, new Money(part.Subsidy));
            row.Lines += part.Lines;
        }
        // The quiet lines summed in SQL as whole 分 per (cooperative, programme, rate): integers SQLite sums
        // exactly; each sum × its rate ÷ 360 is then taken here, in decimal.
        await using var command = SubsidyCloseDays.Command(db, db.Database.GetDbConnection(), date, """
            SELECT "CooperativeId", "SubsidyProgramId", "AnnualRate", "PenaltyRate",
                   SUM(CAST(ROUND("Principal" * 100) AS INTEGER)), SUM(CAST(ROUND("OverdueAmount" * 100) AS INTEGER)), COUNT(*)
            FROM "CreditLines"
            WHERE "Status" NOT IN ('Closed', 'Renewed') AND "LastClosedDate" < $date
            GROUP BY "CooperativeId", "SubsidyProgramId", "AnnualRate", "PenaltyRate"
            """);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var row = Row(Guid.Parse(reader.GetString(0)), reader.IsDBNull(1) ? Guid.Empty : Guid.Parse(reader.GetString(1)));
                var rate = decimal.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture);
                var penaltyRate = decimal.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture);
                row.Interest = Plus(row.Interest, Accrual.Interest(reader.GetInt64(4) / 100m, rate));
                row.Penalty = Plus(row.Penalty, Accrual.Interest(reader.GetInt64(5) / 100m, penaltyRate));
                row.Lines += reader.GetInt32(6);
            }
        db.DailyAccruals.AddRange(rows.Values);
        db.DailyAccrualParts.RemoveRange(parts);
        await db.SaveChangesAsync(ct);
    }
}
