using System.Data.Common;
using LoanService.Api.Tests.Support;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

namespace LoanService.Infrastructure.Tests;

/// <summary>
/// A database the nightly close ran on, upgraded to the event-driven close (migration EventDrivenClose): every
/// open line is due at the next close (the day after its last), its 积数 hold the days through its last close,
/// a closed line is due never, and the journal's rows read as they were written.
/// </summary>
public class EventDrivenUpgradeTests
{
    private const string LastNightlyMigration = "20261202011309_EarlyWarning";

    [Fact]
    public void Migrate_OnSqliteFromTheNightlyClose_MakesEveryOpenLineDueAtItsNextClose() =>
        ScratchDatabase.OnSqlite("event-upgrade", options => AssertUpgraded(options, sqlite: true));

    [PostgresFact]
    public void Migrate_OnPostgresFromTheNightlyClose_MakesEveryOpenLineDueAtItsNextClose() =>
        ScratchDatabase.OnPostgres("event_upgrade", options => AssertUpgraded(options, sqlite: false));

    private static void AssertUpgraded(DatabaseOptions options, bool sqlite)
    {
        var (open, closed) = (Guid.NewGuid(), Guid.NewGuid());
        using (var db = options.CreateContext())
        {
            db.GetService<IMigrator>().Migrate(LastNightlyMigration);
            var connection = db.Database.GetDbConnection();
            connection.Open();
            Insert(connection, open, "Active", sqlite);
            Insert(connection, closed, "Closed", sqlite);
            Execute(connection, $"""
                INSERT INTO "JournalEntries" ("Id", "LineId", "Sequence", "BusinessDate", "Kind", "Amount", "PrincipalPortion",
                    "OverduePrincipalPortion", "AccruedInterestPortion", "BilledInterestPortion", "OverdueInterestPortion",
                    "PenaltyInterestPortion", "PrincipalAfter", "OverduePrincipalAfter", "AccruedInterestAfter",
                    "BilledInterestAfter", "OverdueInterestAfter", "PenaltyInterestAfter", "RecordedAt")
                VALUES ('{Id(Guid.NewGuid(), sqlite)}', '{Id(open, sqlite)}', 1, '2026-01-09', 'Accrual', '12.0833333333333333', '0', '0',
                    '12.0833333333333333', '0', '0', '0', '100000', '0', '12.0833333333333333', '0', '0', '0',
                    '2026-01-10 00:05:00{(sqlite ? "" : "+00")}')
                """);
            db.Database.Migrate();
        }

        using var after = options.CreateContext();
        var lines = after.CreditLines.AsNoTracking().ToDictionary(l => l.Id);
        Assert.Equal(new LocalDate(2026, 1, 10), lines[open].NextEventDate);
        Assert.Equal(new LocalDate(2026, 1, 9), lines[open].AccruedThrough);
        Assert.Null(lines[closed].NextEventDate);
        // The line reads on the 10th exactly as the nightly close left it: 9 days × 100,000 × 4.35% / 360.
        Assert.Equal(108.75m, lines[open].ViewOn(new LocalDate(2026, 1, 10)).AccruedInterest.Amount);
        var entry = after.Journal.AsNoTracking().Single();
        Assert.Equal(JournalEntryKind.Accrual, entry.Kind);
        Assert.Equal(12.0833333333333333m, entry.Amount);
        Assert.Equal(0m, entry.AccruedBefore);
    }

    private static void Insert(DbConnection connection, Guid id, string status, bool sqlite) => Execute(connection, $"""
        INSERT INTO "CreditLines" ("Id", "CooperativeId", "BorrowerId", "Limit", "AnnualRate", "PenaltyRate", "TermMonths",
            "StartDate", "OriginalMaturityDate", "MaturityDate", "Status", "Principal", "OverduePrincipal", "InterestBalanceDays",
            "InterestCarried", "InterestPaidAhead", "PenaltyBalanceDays", "PenaltyPaid", "LastClosedDate", "Classification",
            "JournalSequence", "Version", "Bills")
        VALUES ('{Id(id, sqlite)}', '{Id(Guid.NewGuid(), sqlite)}', '{Id(Guid.NewGuid(), sqlite)}', '100000', '0.0435', '0.06525', 12,
            '2026-01-01', '2027-01-01', '2027-01-01', '{status}', '100000', '0', '900000', '0', '0', '0', '0', '2026-01-09', 'Normal', 9, 1, '[]')
        """);

    private static string Id(Guid id, bool sqlite) => sqlite ? id.ToString().ToUpperInvariant() : id.ToString();

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
