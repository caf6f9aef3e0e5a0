using System.Data.Common;
using LoanService.Api.Tests.Support;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Tests;

/// <summary>
/// A line keeps its bill record parsed, and the store keeps its text in the <c>BillRecord</c> column, which early
/// warning reads in SQL: a save writes the text of the entries as they are, a load reads them back, and a close of
/// the loaded line goes on deciding them.
/// </summary>
public class BillRecordStoreTests
{
    private static readonly ProductSettings Settings = ProductSettings.Default;

    [Fact]
    public void SaveAndLoad_OnSqlite_KeepTheRecordsText() => ScratchDatabase.OnSqlite("bill-record", AssertKept);

    [PostgresFact]
    public void SaveAndLoad_OnPostgres_KeepTheRecordsText() => ScratchDatabase.OnPostgres("bill_record", AssertKept);

    private static void AssertKept(DatabaseOptions options)
    {
        // 100,000.00 drawn on 1 January; the bill of 20 January (due on the 21st) is not paid, so it turns late at
        // the close of the 21st (no grace days by default), and the bill of 20 February is pending.
        var line = CreditLine.Open(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new Money(100_000m),
            new AnnualRate(0.0435m), 12, new LocalDate(2026, 1, 1), Settings);
        line.Draw(Guid.NewGuid(), 100_000m, new LocalDate(2026, 1, 1));
        CloseThrough(line, new LocalDate(2026, 2, 20));
        line.TakePendingJournal();
        Assert.Equal("2026012020260121L 2026022020260221?", line.BillRecord.ToString());

        using (var db = options.CreateContext())
        {
            db.Database.Migrate();
            db.CreditLines.Add(line);
            db.SaveChanges();
            Assert.Equal("2026012020260121L 2026022020260221?", StoredText(db, line.Id));
        }

        using (var db = options.CreateContext())
        {
            // Early warning's pre-selection of lines with a late bill, in SQL, over the stored text.
            var late = db.CreditLines.AsNoTracking()
                .Where(l => EF.Property<string>(l, "StoredBillRecord").Contains("L")).Select(l => l.Id).ToList();
            Assert.Equal([line.Id], late);

            var loaded = db.CreditLines.Single(l => l.Id == line.Id);
            Assert.Equal("2026012020260121L 2026022020260221?", loaded.BillRecord.ToString());
            // Everything paid on the 21st: the February bill is decided on time at that night's close.
            var on = new LocalDate(2026, 2, 21);
            loaded.Repay(Guid.NewGuid(), loaded.PayoffOn(on).Amount.Amount, on);
            loaded.CloseDay(on, Settings);
            loaded.TakePendingJournal();
            db.SaveChanges();
            Assert.Equal("2026012020260121L 2026022020260221P", StoredText(db, line.Id));
        }

        using (var db = options.CreateContext())
        {
            var reloaded = db.CreditLines.AsNoTracking().Single(l => l.Id == line.Id);
            Assert.Equal("2026012020260121L 2026022020260221P", reloaded.BillRecord.ToString());
            Assert.Equal(2, reloaded.BillRecord.Entries.Count);
        }
    }

    private static void CloseThrough(CreditLine line, LocalDate through)
    {
        for (var date = line.LastClosedDate.PlusDays(1); date <= through; date = date.PlusDays(1))
            line.CloseDay(date, Settings);
    }

    private static string StoredText(LoanServiceDbContext db, Guid id)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "BillRecord" FROM "CreditLines" WHERE "Id" = @id""";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = db.Database.IsNpgsql() ? id : id.ToString().ToUpperInvariant();
        command.Parameters.Add(parameter);
        return (string)command.ExecuteScalar()!;
    }
}
