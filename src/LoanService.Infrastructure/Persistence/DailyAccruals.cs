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
/// quiet on the date, so its balances now are that day's: the finish reads them in one statement
/// (<see cref="QuietLinesAsync"/>, which the quiet subsidy grant is taken from too) and writes the rows from
/// that and the parts (<see cref="WriteAsync"/>).
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
    /// In the finishing close's transaction, once the date's quiet enrolled lines have had their day from the budgets
    /// (<paramref name="quietSubsidy"/>, by (cooperative, programme)): the date's rows, from the chunks' parts and
    /// the open lines not closed on the date (<paramref name="quiet"/>, read once for the grant and for this); the
    /// parts are then dropped. Every sum is exact (<see cref="Accrual.Add"/>): the quiet lines' balances come in whole
    /// 分 per rate, and each sum × its rate ÷ 360 is taken here, in decimal. Saved with the caller's changes.
    /// </summary>
    public static async Task WriteAsync(LoanServiceDbContext db, LocalDate date, IReadOnlyList<QuietLineSums> quiet,
        IReadOnlyDictionary<(Guid Cooperative, Guid Program), Money> quietSubsidy, CancellationToken ct)
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
        foreach (var sums in quiet)
        {
            var row = Row(sums.CooperativeId, sums.ProgramId ?? Guid.Empty);
            row.Interest = Plus(row.Interest, Accrual.Interest(sums.PrincipalFen / 100m, sums.AnnualRate));
            row.Penalty = Plus(row.Penalty, Accrual.Interest(sums.OverdueFen / 100m, sums.PenaltyRate));
            row.Lines += sums.Lines;
        }
        foreach (var ((cooperative, program), amount) in quietSubsidy)
        {
            var row = Row(cooperative, program);
            row.Subsidy = Plus(row.Subsidy, amount);
        }
        db.DailyAccruals.AddRange(rows.Values);
        db.DailyAccrualParts.RemoveRange(parts);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The open lines not closed on <paramref name="date"/> (in the finish: the lines quiet on it), in one statement:
    /// their balances in whole 分, by cooperative, programme and rates, with the base of the quiet enrolled lines'
    /// subsidy (<see cref="CreditLine.QuietSubsidyOn"/>). Whole 分 are integers both providers sum exactly (SQLite
    /// keeps decimals as text, and would sum them as doubles); the caller prices each sum at its rate, in decimal.
    /// </summary>
    public static async Task<List<QuietLineSums>> QuietLinesAsync(LoanServiceDbContext db, LocalDate date,
        CancellationToken ct)
    {
        var least = SubsidyCloseDays.Functions(db).Least;
        return await SubsidyCloseDays.ReadAsync(db, date, $"""
            SELECT "CooperativeId", "SubsidyProgramId", "AnnualRate", "PenaltyRate", "SubsidyRate",
                   SUM({SubsidyCloseDays.Fen("Principal")}), SUM({SubsidyCloseDays.Fen("OverdueAmount")}), COUNT(*),
                   SUM(CASE WHEN {SubsidyCloseDays.EarnsQuietDay}
                            THEN {least}({SubsidyCloseDays.Fen("Principal")}, {SubsidyCloseDays.Fen("SubsidyCap")}) ELSE 0 END)
            FROM "CreditLines"
            WHERE "Status" NOT IN ('Closed', 'Renewed') AND "LastClosedDate" < $date
            GROUP BY "CooperativeId", "SubsidyProgramId", "AnnualRate", "PenaltyRate", "SubsidyRate"
            """, r => new QuietLineSums(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1),
                SubsidyCloseDays.Decimal(r, 2), SubsidyCloseDays.Decimal(r, 3), SubsidyCloseDays.Decimal(r, 4),
                SubsidyCloseDays.Decimal(r, 5), SubsidyCloseDays.Decimal(r, 6), (int)SubsidyCloseDays.Decimal(r, 7),
                SubsidyCloseDays.Decimal(r, 8)), ct);
    }
}

/// <summary>
/// Open lines not closed on a date, of one cooperative, programme (null: none) and rates: their principal and overdue
/// amount in whole 分, how many they are, and the subsidy base in whole 分 of those that earn the date's subsidy quietly
/// (min(principal, cap); zero outside a programme).
/// </summary>
public sealed record QuietLineSums(Guid CooperativeId, Guid? ProgramId, decimal AnnualRate, decimal PenaltyRate,
    decimal SubsidyRate, decimal PrincipalFen, decimal OverdueFen, int Lines, decimal SubsidyBaseFen);
