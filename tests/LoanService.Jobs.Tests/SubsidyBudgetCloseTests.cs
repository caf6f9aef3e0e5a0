using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>
/// One programme's budget is shared by lines in many chunks closed at once (two instances, several
/// workers each): it is used up to the 分 and never beyond, on the day it runs out, and nothing
/// accrues after.
/// </summary>
public class SubsidyBudgetCloseTests
{
    private static readonly LocalDate Day1 = new(2026, 1, 5);
    private const int Lines = 60;

    [Fact]
    public Task OnSqlite_BudgetSharedByParallelChunks_IsUsedExactlyAndNeverExceeded() =>
        BudgetSharedByParallelChunks_IsUsedExactlyAndNeverExceeded(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_BudgetSharedByParallelChunks_IsUsedExactlyAndNeverExceeded() =>
        BudgetSharedByParallelChunks_IsUsedExactlyAndNeverExceeded(DatabaseProvider.Postgres);

    private static async Task BudgetSharedByParallelChunks_IsUsedExactlyAndNeverExceeded(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_subsidy_budget");
        var clock = TestClock.At(new LocalDateTime(2026, 1, 5, 9, 0));
        using var a = JobHosts.Build(database.Options, "node-a", clock, configure: o => o.Parallelism = 3);
        using var b = JobHosts.Build(database.Options, "node-b", clock, configure: o => o.Parallelism = 3);
        await JobHosts.InitializeAsync(a.Services, Day1);
        var programId = await SeedAsync(a.Services);
        await a.StartAsync();
        await b.StartAsync();

        // Each line: 100,000.00 at a 3% subsidy rate, by 积数 kept to 16 places: after one day
        // 3,000 / 360 = 8.3333333333333333, after two 16.6666666666666667, after three 25 — so the days
        // add 8.3333333333333333, 8.3333333333333334, 8.3333333333333333. 60 lines: the 5th and 6th use
        // exactly 60 × 16.666… = 1,000.00 of the 1,234.56 budget (summed exactly, not as 60 × the 16-place
        // 16.6666666666666667), leaving 234.56 for the 7th: 28 lines in full (exactly 233.333…), one line
        // the last 1.22666… (1.2266666666666667 to 16 places), 31 lines nothing. The 8th accrues nothing.
        var result = await a.Services.GetRequiredService<CloseBusinessDays>().RunAsync(Day1.PlusDays(3));
        Assert.Equal(4, result.Closed.Count);

        await JobHosts.WithDbAsync(a.Services, async db =>
        {
            var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == programId);
            Assert.Equal(1_234.56m, program.Committed.Amount);
            Assert.Equal(Day1.PlusDays(2), program.ExhaustedOn);

            var ledger = await db.SubsidyAccruals.AsNoTracking().ToListAsync();
            Assert.Equal(1_234.56m, Accrual.Sum(ledger, r => r.Amount).Amount);
            var byDate = ledger.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(Lines, byDate[Day1].Count);
            Assert.Equal(Lines, byDate[Day1.PlusDays(1)].Count);
            Assert.Equal(29, byDate[Day1.PlusDays(2)].Count);
            Assert.Equal(28, byDate[Day1.PlusDays(2)].Count(r => r.Amount.Amount == 8.3333333333333333m));
            Assert.Equal(1.2266666666666667m, byDate[Day1.PlusDays(2)].Single(r => r.Amount.Amount != 8.3333333333333333m).Amount.Amount);
            Assert.False(byDate.ContainsKey(Day1.PlusDays(3)));
            Assert.All(ledger.GroupBy(r => (r.LineId, r.Date)), g => Assert.Single(g)); // no line closed twice

            var lines = await db.CreditLines.AsNoTracking().ToListAsync();
            Assert.Equal(1_234.56m, Accrual.Sum(lines, l => l.SubsidyAccrued).Amount);
            Assert.All(lines, l => Assert.Equal(Day1.PlusDays(3), l.LastClosedDate));
            return 0;
        });
        await Task.WhenAll(a.StopAsync(), b.StopAsync());
    }

    [Fact]
    public Task OnSqlite_BudgetRunningOutMidDay_GoesToTheLinesInIdOrder() =>
        BudgetRunningOutMidDay_GoesToTheLinesInIdOrder(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_BudgetRunningOutMidDay_GoesToTheLinesInIdOrder() =>
        BudgetRunningOutMidDay_GoesToTheLinesInIdOrder(DatabaseProvider.Postgres);

    /// <summary>
    /// The day the budget runs out, whichever instance and worker closes which chunk: the 28 lines first by id
    /// get the day in full, the 29th what is left, the other 31 nothing (docs/subsidies.md).
    /// </summary>
    private static async Task BudgetRunningOutMidDay_GoesToTheLinesInIdOrder(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "close_subsidy_order");
        var clock = TestClock.At(new LocalDateTime(2026, 1, 5, 9, 0));
        using var a = JobHosts.Build(database.Options, "node-a", clock, configure: o => o.Parallelism = 3);
        using var b = JobHosts.Build(database.Options, "node-b", clock, configure: o => o.Parallelism = 3);
        await JobHosts.InitializeAsync(a.Services, Day1);
        await SeedAsync(a.Services);
        await a.StartAsync();
        await b.StartAsync();

        await a.Services.GetRequiredService<CloseBusinessDays>().RunAsync(Day1.PlusDays(2));

        await JobHosts.WithDbAsync(a.Services, async db =>
        {
            // Ids in the order both databases sort them: their canonical text.
            var ids = (await db.CreditLines.AsNoTracking().Select(l => l.Id).ToListAsync())
                .OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
            var third = (await db.SubsidyAccruals.AsNoTracking().Where(r => r.Date == Day1.PlusDays(2)).ToListAsync())
                .ToDictionary(r => r.LineId, r => r.Amount.Amount);
            Assert.All(ids.Take(28), id => Assert.Equal(8.3333333333333333m, third[id]));
            Assert.Equal(1.2266666666666667m, third[ids[28]]);
            Assert.All(ids.Skip(29), id => Assert.False(third.ContainsKey(id)));
            // The programme's chunks, one after another: each was claimed after the one before it finished.
            var chunks = (await db.CloseChunks.AsNoTracking().Where(c => c.ProgramId != null).ToListAsync())
                .GroupBy(c => c.BusinessDate);
            foreach (var day in chunks)
            {
                var ordered = day.OrderBy(c => c.ChunkNo).ToList();
                Assert.True(ordered.Count > 1);
                for (var i = 1; i < ordered.Count; i++)
                    Assert.True(ordered[i].ClaimedAt >= ordered[i - 1].ClaimedAt, $"chunk {ordered[i].ChunkNo} of {day.Key} claimed before {ordered[i - 1].ChunkNo}");
            }
            return 0;
        });
        await Task.WhenAll(a.StopAsync(), b.StopAsync());
    }

    private static string ResidentIdFor(int i)
    {
        var first17 = $"35098219750302{i:000}";
        return first17 + ResidentId.CheckCharacter(first17);
    }

    private static async Task<Guid> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var now = Instant.FromUtc(2026, 1, 5, 1, 0);
        var cooperative = new Cooperative { Id = Guid.NewGuid(), Name = "福鼎市农村信用合作联社", Signature = "福鼎农信", CreatedAt = now };
        db.Cooperatives.Add(cooperative);
        var program = SubsidyProgram.Create(Guid.NewGuid(), Guid.NewGuid(), "350982", "党员先锋贷贴息", "中共福鼎市委组织部",
            "350982", [cooperative.Id], Day1, new LocalDate(2026, 12, 31), 1_234.56m, null,
            new SubsidyRateRule(SubsidyRateRuleKind.FixedRate, 0.03m), SubsidyMode.LenderClaims, true, false, now);
        program.Accept(cooperative.Id);
        db.SubsidyPrograms.Add(program);
        for (var i = 0; i < Lines; i++)
        {
            var borrower = Borrower.Register(Guid.NewGuid(), cooperative.Id, "林秀英", ResidentIdFor(i),
                "13800000000", "350982100", "桐城街道第一党支部", inDifficulty: true, registeredPoor: false, smsOptOut: true);
            db.Borrowers.Add(borrower);
            var line = CreditLine.Open(Guid.NewGuid(), cooperative.Id, borrower.Id, new Money(100_000m),
                new AnnualRate(0.0435m), 12, Day1, ProductSettings.Default);
            line.EnrolInSubsidy(program, borrower, Day1);
            line.Draw(Guid.NewGuid(), 100_000m, Day1);
            db.CreditLines.Add(line);
            foreach (var entry in line.TakePendingJournal()) db.Journal.Add(JournalEntryRow.From(entry, now));
        }
        await db.SaveChangesAsync();
        return program.Id;
    }
}
