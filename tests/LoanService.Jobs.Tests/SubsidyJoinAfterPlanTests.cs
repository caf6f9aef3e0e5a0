using LoanService.Domain;
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
/// A line that joins a subsidy programme after the close first planned the date (docs/subsidies.md, "Quiet days"):
/// the plan found room in the budget for the whole day of the programme's four quiet lines, then a fifth joined, and
/// the day of all five no longer fits. The joined line is closed with its own event (its enrolment), and the finish,
/// which finds no room for the quiet lines' day, makes them due: they get what is left in line-id order, and the budget
/// is used to the 分 and no further.
/// </summary>
public class SubsidyJoinAfterPlanTests
{
    private static readonly LocalDate FirstDay = new(2026, 1, 7);
    private static readonly LocalDate Day = new(2026, 1, 8);
    private static readonly Guid Cooperative = Guid.Parse("00000000-0000-0000-0000-00000000c002");
    private static readonly Guid BorrowerId = Guid.Parse("00000000-0000-0000-0000-00000000b002");
    private static readonly Guid Program = Guid.Parse("00000000-0000-0000-0000-0000000000f2");
    private static readonly Guid[] Enrolled = [Line(1), Line(2), Line(4), Line(5)];
    private static readonly Guid Joiner = Line(6);
    private static readonly Guid Maturing = Line(9);

    private static Guid Line(int n) => Guid.Parse($"00000000-0000-0000-0000-00000000a00{n}");

    [Fact]
    public Task OnSqlite_LineJoiningAfterThePlan_QuietLinesGetWhatIsLeftInIdOrder() =>
        LineJoiningAfterThePlan(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_LineJoiningAfterThePlan_QuietLinesGetWhatIsLeftInIdOrder() =>
        LineJoiningAfterThePlan(DatabaseProvider.Postgres);

    private static async Task LineJoiningAfterThePlan(DatabaseProvider provider)
    {
        using var database = TestDb.Create(provider, "subsidy_join");
        var clock = TestClock.At(new LocalDateTime(2026, 1, 9, 0, 5));
        var faults = new TestFaults();
        using var host = JobHosts.Build(database.Options, "node-a", clock, faults, configure: o =>
        {
            o.MaxAttempts = 1;
            o.WorkerEnabled = false;
        });
        await JobHosts.InitializeAsync(host.Services, FirstDay);
        await SeedAsync(host.Services);
        await host.StartAsync();
        var close = host.Services.GetRequiredService<CloseBusinessDays>();

        // 7 January: the four enrolled lines take a day each, 8.333… (100,000.00 at 3% ÷ 360), from 73.34.
        await close.RunAsync(FirstDay);
        Assert.Equal(33.3333333333333333m, (await ProgramAsync(host.Services)).Committed.Amount);

        // 8 January: the plan finds room for the four lines' day (40.0066666666666667 left, at most 4 × 8.3433… + 0.01
        // asked), so it leaves them quiet and plans only the maturing line; its chunk fails, and the close stops.
        faults.FailWhen = (date, _, _) => date == Day;
        await Assert.ThrowsAsync<CloseFailedException>(() => close.RunAsync(Day));
        Assert.Equal([Maturing], await PlannedAsync(host.Services));

        // Meanwhile a fifth line joins: the day of all five (41.67) no longer fits in what is left.
        await JoinAsync(host.Services);
        faults.FailWhen = null;
        Assert.Equal([Day], (await close.RunAsync(Day)).Closed);

        // The joined line was closed with its enrolment, first; the finish found no room for the quiet lines' day and
        // made them due: they were closed after it, in id order, and the last of them got what was left.
        var chunks = await JobHosts.WithDbAsync(host.Services, db => db.CloseChunks.AsNoTracking()
            .Where(c => c.BusinessDate == Day && c.ProgramId == Program).OrderBy(c => c.ChunkNo).ToListAsync());
        Assert.Equal([(Joiner, Joiner, 1), (Line(1), Line(5), 4)], chunks.Select(c => (c.FirstLineId, c.LastLineId, c.LinesClosed)));
        var program = await ProgramAsync(host.Services);
        Assert.Equal(73.34m, program.Committed.Amount);
        Assert.Equal(Day, program.ExhaustedOn);
        var lines = await JobHosts.WithDbAsync(host.Services, db => db.CreditLines.AsNoTracking()
            .Where(l => l.SubsidyProgramId == Program).ToListAsync());
        var subsidy = lines.ToDictionary(l => l.Id, l => l.ViewOn(Day.PlusDays(1)).SubsidyAccrued);
        // Two days for the first three by id, one for the joined line, and 8.3333333333333333 + 6.6733333333333333 for
        // the last: 73.34 in all.
        Assert.Equal(16.67m, subsidy[Line(1)].RoundToFen().Amount);
        Assert.Equal(16.67m, subsidy[Line(2)].RoundToFen().Amount);
        Assert.Equal(16.67m, subsidy[Line(4)].RoundToFen().Amount);
        Assert.Equal(15.01m, subsidy[Line(5)].RoundToFen().Amount);
        Assert.Equal(8.33m, subsidy[Joiner].RoundToFen().Amount);
        Assert.Equal(73.34m, Accrual.Sum(subsidy.Values).Amount);
        // The day's 计提 of the programme is what the budget had left, 40.0066666666666667.
        var row = await JobHosts.WithDbAsync(host.Services, db => db.DailyAccruals.AsNoTracking()
            .SingleAsync(a => a.BusinessDate == Day && a.ProgramId == Program));
        Assert.Equal(40.006666666667m, decimal.Round(row.Subsidy, 12));
        Assert.Equal(5, row.Lines);
        await host.StopAsync();
    }

    /// <summary>
    /// Six lines of one borrower (a party member in difficulty), closed night by night through 6 January, the
    /// interest billed on 20 December paid the next day: five of
    /// 100,000.00 drawn in full at 4.35% for twelve months, four of them enrolled on 7 January in a programme of 73.34
    /// at 3%; and one of 50,000.00 in no programme, maturing on 8 January.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services)
    {
        var settings = ProductSettings.Default;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var borrower = SubsidyFixtures.AddPartyMember(db, Cooperative, BorrowerId);
        var program = SubsidyFixtures.AddProgramme(db, Program, Guid.Parse("00000000-0000-0000-0000-0000000000d2"), Cooperative, 73.34m);
        foreach (var (id, limit, opened, term) in Enrolled.Append(Joiner).Select(id => (id, 100_000m, new LocalDate(2025, 12, 1), 12))
                     .Append((Maturing, 50_000m, new LocalDate(2025, 12, 8), 1)))
        {
            var line = CreditLine.Open(id, Cooperative, BorrowerId, new Money(limit), new AnnualRate(0.0435m), term, opened, settings);
            line.Draw(Guid.NewGuid(), limit, opened);
            for (var d = opened; d < FirstDay; d = d.PlusDays(1))
            {
                if (line.BilledInterest.IsPositive) line.Repay(Guid.NewGuid(), line.BilledInterest.Amount, d); // paid when due
                line.CloseDay(d, settings);
            }
            if (Enrolled.Contains(id)) line.EnrolInSubsidy(program, borrower, FirstDay);
            db.CreditLines.Add(line);
            Seed.AddJournal(db, line);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The sixth line enrols on 8 January, after the close's plan of the date.</summary>
    private static async Task JoinAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var line = await db.CreditLines.SingleAsync(l => l.Id == Joiner);
        var program = await db.SubsidyPrograms.SingleAsync(p => p.Id == Program);
        var borrower = await db.Borrowers.SingleAsync(b => b.Id == BorrowerId);
        line.EnrolInSubsidy(program, borrower, Day);
        Seed.AddJournal(db, line);
        await db.SaveChangesAsync();
    }

    private static Task<SubsidyProgram> ProgramAsync(IServiceProvider services) =>
        JobHosts.WithDbAsync(services, db => db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == Program));

    /// <summary>The lines the chunks of <see cref="Day"/> were cut for so far (by their first and last line).</summary>
    private static Task<List<Guid>> PlannedAsync(IServiceProvider services) =>
        JobHosts.WithDbAsync(services, async db => (await db.CloseChunks.AsNoTracking().Where(c => c.BusinessDate == Day)
                .ToListAsync())
            .OrderBy(c => c.ChunkNo).SelectMany(c => new[] { c.FirstLineId, c.LastLineId }).Distinct().ToList());
}
