using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace LoanService.DbBench;

/// <summary>
/// Writes N open lines straight into <c>CreditLines</c>, as a book of lines looks mid-month: every
/// line drawn (principal 50 000–200 000), most with interest accrued since the last settlement on
/// the 20th, one in a hundred with an overdue interest bill, and each closed through the day before
/// the business date. Ids are random, as <see cref="Guid.NewGuid"/> gives them in the service, so a
/// chunk's lines are scattered over the table as they would be in production.
/// </summary>
/// <remarks>
/// <paramref name="eventPercent"/> of the lines (spread evenly over the table) have their next event on
/// the business date; the others' next event is later, so the event-driven close leaves them alone. With
/// <paramref name="days"/> &gt; 1, each following date has its own <paramref name="eventPercent"/> % as well
/// (the lines next to those of the date before), so every date the bench closes is an ordinary day alike.
/// </remarks>
internal sealed class Seeder(LocalDate businessDate, int count, int seed = 42, int eventPercent = 100, int days = 1)
{
    private static readonly string[] Columns =
    [
        "Id", "CooperativeId", "BorrowerId", "Limit", "AnnualRate", "PenaltyRate", "TermMonths", "StartDate",
        "OriginalMaturityDate", "MaturityDate", "Status", "Principal", "OverduePrincipal", "InterestBalanceDays",
        "InterestCarried", "InterestPaidAhead", "PenaltyBalanceDays", "PenaltyPaid", "LastClosedDate",
        "Classification", "HeldClassification", "CuredSince", "RenewedFromId", "RenewedToId", "JournalSequence",
        "Version", "Bills", "NextEventDate", "AccruedThrough",
    ];

    private static readonly Guid[] Cooperatives = Enumerable.Range(1, 20).Select(_ => Guid.NewGuid()).ToArray();

    public int Overdue { get; private set; }

    private sealed record Line(
        Guid Id, Guid CooperativeId, Guid BorrowerId, decimal Limit, decimal Rate, decimal PenaltyRate,
        DateOnly Start, DateOnly Maturity, decimal Principal, decimal InterestBalanceDays, decimal PenaltyBalanceDays,
        DateOnly LastClosed, string Classification, int JournalSequence, string Bills, DateOnly NextEvent);

    private IEnumerable<Line> Lines()
    {
        var random = new Random(seed);
        var lastSettlement = new LocalDate(businessDate.Year, businessDate.Month, 20);
        if (lastSettlement >= businessDate) lastSettlement = lastSettlement.PlusMonths(-1);
        var daysAccrued = Period.DaysBetween(lastSettlement, businessDate.PlusDays(-1));
        for (var i = 0; i < count; i++)
        {
            var principal = random.Next(5_000_000, 20_000_001) / 100m;
            var limit = Math.Max(principal, random.Next(50, 201) * 1000m);
            var start = businessDate.PlusDays(-random.Next(25, 300));
            var rate = 0.0435m;
            // 70 % accrued since the last settlement; the rest drawn since, or paid ahead to zero.
            var balanceDays = random.Next(10) < 7 ? principal * daysAccrued : 0m;
            var bills = "[]";
            var penaltyDays = 0m;
            var classification = "Normal";
            if (i % 100 == 37)
            {
                // Billed on the last settlement day, due the day after, unpaid: overdue since.
                var unpaid = decimal.Round(principal * 30 * rate / 360m, 2);
                bills = $$"""[{"BilledOn":"{{lastSettlement:yyyy-MM-dd}}","DueDate":"{{lastSettlement.PlusDays(1):yyyy-MM-dd}}","Unpaid":{{unpaid.ToString(CultureInfo.InvariantCulture)}},"Overdue":true}]""";
                penaltyDays = unpaid * (daysAccrued - 1);
                classification = "SpecialMention";
                Overdue++;
            }
            yield return new Line(Guid.NewGuid(), Cooperatives[i % Cooperatives.Length], Guid.NewGuid(), limit, rate,
                rate * 1.5m, start.ToDateOnly(), start.PlusMonths(12).ToDateOnly(), principal, balanceDays, penaltyDays,
                businessDate.PlusDays(-1).ToDateOnly(), classification, 20 + random.Next(40), bills,
                FirstEvent(i).ToDateOnly());
        }
    }

    /// <summary>The seeded next event of line <paramref name="i"/>: the first of the bench's dates it has an event on, or one after them all.</summary>
    private LocalDate FirstEvent(int i)
    {
        for (var day = 0; day < days; day++)
            if (HasEvent(i + day))
                return businessDate.PlusDays(day);
        return businessDate.PlusDays(Math.Max(5, days + 1));
    }

    /// <summary>Whether line <paramref name="i"/> is one of the <c>eventPercent</c> % with an event on the business date.</summary>
    private bool HasEvent(int i) => eventPercent >= 100 || (i * (long)eventPercent / 100) != ((i + 1) * (long)eventPercent / 100);

    public async Task SeedPostgresAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        await using (var copy = await connection.BeginBinaryImportAsync(
                         $"COPY \"CreditLines\" ({columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var l in Lines())
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(l.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(l.CooperativeId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(l.BorrowerId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(l.Limit, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.Rate, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.PenaltyRate, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(12, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(l.Start, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(l.Maturity, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(l.Maturity, NpgsqlDbType.Date, ct);
                await copy.WriteAsync("Active", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(l.Principal, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.InterestBalanceDays, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.PenaltyBalanceDays, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.LastClosed, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(l.Classification, NpgsqlDbType.Varchar, ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteAsync(l.JournalSequence, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(l.Bills, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.NextEvent, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(l.LastClosed, NpgsqlDbType.Date, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    public async Task SeedSqliteAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"CreditLines\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
                             $"VALUES ({string.Join(", ", Columns.Select(c => "$" + c))})";
        var p = Columns.ToDictionary(c => c, c => insert.Parameters.Add("$" + c, SqliteType.Text));
        p["TermMonths"].SqliteType = p["JournalSequence"].SqliteType = p["Version"].SqliteType = SqliteType.Integer;
        insert.Prepare();
        // EF Core's SQLite formats: Guids as upper-case text, dates yyyy-MM-dd, decimals as text.
        static string Dec(decimal d) => d.ToString("0.0###########################", CultureInfo.InvariantCulture);
        static string Id(Guid g) => g.ToString().ToUpperInvariant();
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var l in Lines())
        {
            p["Id"].Value = Id(l.Id);
            p["CooperativeId"].Value = Id(l.CooperativeId);
            p["BorrowerId"].Value = Id(l.BorrowerId);
            p["Limit"].Value = Dec(l.Limit);
            p["AnnualRate"].Value = Dec(l.Rate);
            p["PenaltyRate"].Value = Dec(l.PenaltyRate);
            p["TermMonths"].Value = 12;
            p["StartDate"].Value = Day(l.Start);
            p["OriginalMaturityDate"].Value = Day(l.Maturity);
            p["MaturityDate"].Value = Day(l.Maturity);
            p["Status"].Value = "Active";
            p["Principal"].Value = Dec(l.Principal);
            p["OverduePrincipal"].Value = Dec(0m);
            p["InterestBalanceDays"].Value = Dec(l.InterestBalanceDays);
            p["InterestCarried"].Value = Dec(0m);
            p["InterestPaidAhead"].Value = Dec(0m);
            p["PenaltyBalanceDays"].Value = Dec(l.PenaltyBalanceDays);
            p["PenaltyPaid"].Value = Dec(0m);
            p["LastClosedDate"].Value = Day(l.LastClosed);
            p["Classification"].Value = l.Classification;
            p["HeldClassification"].Value = DBNull.Value;
            p["CuredSince"].Value = DBNull.Value;
            p["RenewedFromId"].Value = DBNull.Value;
            p["RenewedToId"].Value = DBNull.Value;
            p["JournalSequence"].Value = l.JournalSequence;
            p["Version"].Value = 1;
            p["Bills"].Value = l.Bills;
            p["NextEventDate"].Value = Day(l.NextEvent);
            p["AccruedThrough"].Value = Day(l.LastClosed);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
