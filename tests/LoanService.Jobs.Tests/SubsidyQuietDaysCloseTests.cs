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
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>
/// Lines in a subsidy programme under the event-driven close, against the close of every line every night: two
/// databases seeded alike (half the lines enrolled), closed through the same five weeks. While the budget has room
/// for a whole day the close touches only the enrolled lines with an event and takes the quiet ones' day from the
/// budget in one statement; once it has not, it touches every line of the programme, in line-id order, until the
/// budget is used up and after. The budget, the day it ran out, the lines, the daily 计提 and the subsidy ledger must
/// agree to the 分 (the ledger day by day: quiet days are kept as one row).
/// </summary>
public class SubsidyQuietDaysCloseTests
{
    private static readonly LocalDate BusinessDate = new(2026, 1, 8);
    private static readonly LocalDate Through = new(2026, 2, 12);
    private static readonly Guid Cooperative = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Guid Borrower = Guid.Parse("00000000-0000-0000-0000-00000000b001");
    private static readonly Guid Program = Guid.Parse("00000000-0000-0000-0000-0000000000f1");
    private const int Lines = 60;

    [Fact]
    public Task OnSqlite_QuietEnrolledLines_AgreeWithTheNightlyClose() => QuietEnrolledLinesAgree(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_QuietEnrolledLines_AgreeWithTheNightlyClose() => QuietEnrolledLinesAgree(DatabaseProvider.Postgres);

    private static async Task QuietEnrolledLinesAgree(DatabaseProvider provider)
    {
        using var db1 = TestDb.Create(provider, "subsidy_nightly");
        using var db2 = TestDb.Create(provider, "subsidy_events");
        var clock = TestClock.At(new LocalDateTime(2026, 2, 13, 0, 5));
        using var nightly = JobHosts.Build(db1.Options, "node-nightly", clock, everyLine: true);
        using var events = JobHosts.Build(db2.Options, "node-events", clock);
        foreach (var host in new[] { nightly, events })
        {
            await JobHosts.InitializeAsync(host.Services, BusinessDate);
            var ids = await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 12, 21), BusinessDate, seed: 31);
            await EnrolAsync(host.Services, ids.Where((_, i) => i % 2 == 0).ToList());
            await host.StartAsync();
        }

        foreach (var host in new[] { nightly, events })
            Assert.Equal(36, (await host.Services.GetRequiredService<CloseBusinessDays>().RunAsync(Through)).Closed.Count);

        // The budget: used to the same 16-place figure (what the forfeits of the 21st gave back included).
        Assert.Equal(await ProgramAsync(nightly), await ProgramAsync(events));

        var next = Through.PlusDays(1);
        var (readNightly, readEvents) = (await ReadAsync(nightly, next), await ReadAsync(events, next));
        Assert.True(readNightly.SequenceEqual(readEvents), string.Join("\n", readNightly.Zip(readEvents).Where(p => p.First != p.Second).Take(2).Select(p => $"{p.First}\n{p.Second}")));
        Assert.Equal(await AccrualsAsync(nightly), await AccrualsAsync(events));
        Assert.Equal(await LedgerByDayAsync(nightly, next), await LedgerByDayAsync(events, next));
        Assert.Equal(await PeriodsAsync(nightly), await PeriodsAsync(events));

        // The 30 enrolled lines accrue 136.97 a day: the 1,600.00 lasts to the 19th, which gets what is left. On a
        // quiet date with room in the budget (the 13th) the close touched at most one of them; from the 18th, when the
        // budget had no room for a whole day of all of them, every one, as the nightly close does.
        var ranOut = await JobHosts.WithDbAsync(nightly.Services, db => db.DailyAccruals.AsNoTracking()
            .Where(a => a.ProgramId == Program && a.BusinessDate == new LocalDate(2026, 1, 19)).SingleAsync());
        Assert.InRange(ranOut.Subsidy, 1m, 136m);
        var planned = await PlannedEnrolledAsync(events);
        var plannedNightly = await PlannedEnrolledAsync(nightly);
        Assert.Equal(30, plannedNightly[new LocalDate(2026, 1, 13)]);
        Assert.True(planned.GetValueOrDefault(new LocalDate(2026, 1, 13)) <= 1, $"{planned.GetValueOrDefault(new LocalDate(2026, 1, 13))} closed on the 13th");
        Assert.Equal(30, planned[new LocalDate(2026, 1, 18)]);
        Assert.Equal(30, planned[new LocalDate(2026, 1, 19)]);
        // The quiet days were kept together: a row for days at once.
        var rows = await JobHosts.WithDbAsync(events.Services, db => db.SubsidyAccruals.AsNoTracking().ToListAsync());
        Assert.Contains(rows, r => r.Days > 5);
        Assert.True(rows.Count < (await JobHosts.WithDbAsync(nightly.Services, db => db.SubsidyAccruals.CountAsync())) / 2);

        foreach (var host in new[] { nightly, events }) await host.StopAsync();
    }

    /// <summary>
    /// Enrols <paramref name="lines"/> (all of one borrower, a party member in difficulty) in a programme of 5,000.00
    /// at a 3% fixed rate, 直接贴息, forfeiting on late payment: it lasts about three weeks at these balances.
    /// </summary>
    private static async Task EnrolAsync(IServiceProvider services, IReadOnlyList<Guid> lines)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        var borrower = SubsidyFixtures.AddPartyMember(db, Cooperative, Borrower);
        var program = SubsidyFixtures.AddProgramme(db, Program, Guid.Parse("00000000-0000-0000-0000-0000000000d1"), Cooperative, 1_600m);
        foreach (var line in await db.CreditLines.Where(l => lines.Contains(l.Id)).ToListAsync())
            if (line.IsOpen) line.EnrolInSubsidy(program, borrower, BusinessDate);
        await db.SaveChangesAsync();
    }

    private static Task<(decimal Used, LocalDate? ExhaustedOn)> ProgramAsync(IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
        {
            var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == Program);
            return (program.Committed.Amount, program.ExhaustedOn);
        });

    private static Task<List<string>> ReadAsync(IHost host, LocalDate on) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            (await db.CreditLines.AsNoTracking().ToListAsync()).OrderBy(l => l.Id).Select(l => l.ViewOn(on)).Select(l =>
                string.Join(" | ", l.Id, l.Status, l.Classification, N(l.Principal), N(l.OverduePrincipal), N(l.AccruedInterest),
                    N(l.BilledInterest), N(l.OverdueInterest), N(l.PenaltyInterest), N(l.PayoffOn(on).Amount), l.DaysPastDueOn(on),
                    N(l.SubsidyAccrued), l.SubsidyDays, l.SubsidyPeriodStart,
                    string.Join(",", l.PendingSubsidies.Select(p => $"{p.BilledOn}/{p.Amount}")),
                    string.Join(",", l.Bills.Select(b => b.ToString()))))
            .ToList());

    /// <summary>A figure without trailing zeros: the two providers may hand back the same value at different scales.</summary>
    private static string N(Money money) => (money.Amount / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The daily rows, figures to 12 places (sums of 16-place figures, by provider, may differ beyond).</summary>
    private static Task<List<string>> AccrualsAsync(IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            (await db.DailyAccruals.AsNoTracking().ToListAsync())
            .OrderBy(a => a.BusinessDate).ThenBy(a => a.CooperativeId).ThenBy(a => a.ProgramId)
            .Select(a => string.Join(" ", a.BusinessDate.ToString("yyyy-MM-dd", null), a.ProgramId, a.Lines,
                decimal.Round(a.Interest, 12), decimal.Round(a.Penalty, 12), decimal.Round(a.Subsidy, 12)))
            .ToList());

    /// <summary>
    /// Each line's subsidy of each day before <paramref name="on"/>: its ledger rows taken day by day, with the quiet
    /// days it has not brought in yet (read in closed form, as the reports do).
    /// </summary>
    private static Task<List<string>> LedgerByDayAsync(IHost host, LocalDate on) =>
        JobHosts.WithDbAsync(host.Services, async db =>
        {
            var rows = (await db.SubsidyAccruals.AsNoTracking().ToListAsync()).Select(r => r.ToEvent());
            var quiet = (await db.CreditLines.AsNoTracking().ToListAsync())
                .SelectMany(l => l.ViewOn(on).PendingSubsidyEvents).OfType<SubsidyAccrued>();
            return rows.Concat(quiet)
                .SelectMany(a => Enumerable.Range(0, a.Days).Select(i => a.Date.PlusDays(i))
                    .Select(day => (a.LineId, Day: day, Amount: a.Within(day, day))))
                .GroupBy(x => (x.LineId, x.Day))
                .Select(g => (g.Key.LineId, g.Key.Day, Amount: Accrual.Sum(g, x => x.Amount)))
                .Where(x => !x.Amount.IsZero)
                .OrderBy(x => x.LineId).ThenBy(x => x.Day)
                .Select(x => $"{x.LineId} {x.Day} {x.Amount}")
                .ToList();
        });

    private static Task<List<string>> PeriodsAsync(IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            (await db.SubsidyPeriods.AsNoTracking().ToListAsync())
            .OrderBy(p => p.LineId).ThenBy(p => p.BilledOn)
            .Select(p => $"{p.LineId} {p.PeriodStart} {p.BilledOn} {p.Days} {p.BaseDays} {p.Unrounded} {p.Amount} {p.State} {p.EarnedOn} {p.ForfeitedOn}")
            .ToList());

    /// <summary>The enrolled lines each date's close touched: those whose close wrote their last-closed date then.</summary>
    private static Task<Dictionary<LocalDate, int>> PlannedEnrolledAsync(IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
        {
            var chunks = await db.CloseChunks.AsNoTracking().Where(c => c.ProgramId == Program).ToListAsync();
            return chunks.GroupBy(c => c.BusinessDate).ToDictionary(g => g.Key, g => g.Sum(c => c.LinesClosed));
        });
}
