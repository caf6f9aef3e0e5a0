using System.Net;
using LoanService.Api.Tests.Support;
using LoanService.Application.CreditLines;
using LoanService.Domain;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Api.Tests;

/// <summary>
/// <see cref="LineChanges"/>, the one path by which what a line leaves pending (journal, subsidy events,
/// notices) is saved: through the change tracker for a posting, through the bulk writer for a close
/// chunk. Each case is checked afterwards through the API, as a cooperative would see it.
/// </summary>
public abstract class LineChangesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public async Task SaveAsync_ForPosting_SavesTheEntryAndTheNoticeWithTheLine()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            var today = await scope.ServiceProvider.GetRequiredService<BusinessCalendarStore>().CurrentAsync();
            var line = await db.CreditLines.SingleAsync(l => l.Id == id);
            var changes = LineChanges.ForPosting(db, new NoticeRecipient(SmsOptOut: false, Signature: "测试农信"),
                Instant.FromUtc(2026, 1, 5, 2, 0));
            var entry = line.Draw(Guid.NewGuid(), 30_000m, today);
            await changes.TakeAsync(line, [NoticePlanner.DrawConfirmation(line, entry)], CancellationToken.None);
            Assert.Empty(line.PendingJournal);
            await changes.SaveAsync(CancellationToken.None);
        }

        // 100000 − 30000 = 70000 available; one entry, one notice, all saved in the one SaveChanges.
        var after = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(30_000.00m, after.Money("principal"));
        Assert.Equal(70_000.00m, after.Money("available"));
        var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        var draw = Assert.Single(journal);
        Assert.Equal("Draw", draw!["kind"]!.GetValue<string>());
        Assert.Equal(30_000.00m, draw.Money("amount"));
        Assert.Equal(30_000.00m, draw["balancesAfter"]!.Money("principal"));
        var notice = Assert.Single((await coop.GetAsync($"/api/v1/credit-lines/{id}/notices")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        Assert.Equal("DrawConfirmation", notice!["kind"]!.GetValue<string>());
        var text = notice["text"]!.GetValue<string>();
        Assert.StartsWith("【测试农信】", text);
        Assert.Contains("支用党员先锋贷30000.00元，当前可用额度70000.00元", text);
    }

    [DatabaseFact]
    public async Task SaveAsync_ForClose_WritesTheLineAndItsAccrualInBulk()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 100_000m })).Expect(HttpStatusCode.Created);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<LoanServiceDbContext>();
            var today = await services.GetRequiredService<BusinessCalendarStore>().CurrentAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var lines = await db.CreditLines.AsNoTracking().Where(l => l.Id == id)
                .Select(l => new VersionedLine(l, EF.Property<int>(l, LoanServiceDbContext.LineVersion))).ToListAsync();
            var changes = LineChanges.ForClose(db, services.GetRequiredService<LineCloseWriter>(), lines,
                Instant.FromUtc(2026, 1, 5, 16, 0));
            var line = lines[0].Line;
            line.CloseDay(today, services.GetRequiredService<ProductSettings>(), SubsidyBudget.None);
            await changes.TakeAsync(line, [], CancellationToken.None);
            // Held for the bulk write, not in the change tracker.
            var accrual = Assert.Single(changes.Journal);
            Assert.Empty(db.ChangeTracker.Entries<JournalEntryRow>());
            // 100000 × 4.35% ÷ 360 = 12.083333… for the day, kept exact in the database.
            Assert.Equal(12.0833333333333333m, accrual.Amount);
            await changes.SaveAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK)["items"]!.AsArray();
        Assert.Equal(["Draw", "Accrual"], journal.Select(e => e!["kind"]!.GetValue<string>()));
        // Shown rounded to 分: 12.083333… → 12.08, on the entry and on the line written back.
        Assert.Equal(12.08m, journal[1]!.Money("amount"));
        Assert.Equal(12.08m, journal[1]!["balancesAfter"]!.Money("accruedInterest"));
        Assert.Equal(12.08m, (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK).Money("accruedInterest"));
    }
}

public sealed class LineChangesTestsOnSqlite(SqliteApiFactory factory) : LineChangesTests<SqliteApiFactory>(factory);

public sealed class LineChangesTestsOnPostgres(PostgresApiFactory factory)
    : LineChangesTests<PostgresApiFactory>(factory), IPostgresTests;
