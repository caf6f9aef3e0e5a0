using LoanService.Domain.CreditLines;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Jobs.Tests;

/// <summary>
/// The event-driven close against the close of every line every night: two databases seeded alike,
/// closed through the same five weeks (a settlement, its due date, bills turning overdue, maturities),
/// must read alike on every line, to the fen, while the event-driven one touches only the lines with
/// an event and writes a fraction of the journal.
/// </summary>
public class EventDrivenCloseTests
{
    private static readonly LocalDate BusinessDate = new(2026, 1, 8);
    private static readonly LocalDate Through = new(2026, 2, 12);
    private const int Lines = 60;

    [Fact]
    public Task OnSqlite_ReadsAsTheNightlyCloseWithAFractionOfTheWork() => ReadsAsTheNightlyClose(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OnPostgres_ReadsAsTheNightlyCloseWithAFractionOfTheWork() => ReadsAsTheNightlyClose(DatabaseProvider.Postgres);

    private static async Task ReadsAsTheNightlyClose(DatabaseProvider provider)
    {
        using var db1 = TestDb.Create(provider, "close_nightly");
        using var db2 = TestDb.Create(provider, "close_events");
        var clock = TestClock.At(new LocalDateTime(2026, 2, 13, 0, 5));
        using var nightly = JobHosts.Build(db1.Options, "node-nightly", clock, everyLine: true);
        using var events = JobHosts.Build(db2.Options, "node-events", clock);
        foreach (var host in new[] { nightly, events })
        {
            await JobHosts.InitializeAsync(host.Services, BusinessDate);
            await Seed.LinesAsync(host.Services, Lines, new LocalDate(2025, 10, 1), BusinessDate, seed: 23);
            await host.StartAsync();
        }
        var journalBefore = await JobHosts.WithDbAsync(events.Services, db => db.Journal.CountAsync());

        foreach (var host in new[] { nightly, events })
            Assert.Equal(36, (await host.Services.GetRequiredService<CloseBusinessDays>().RunAsync(Through)).Closed.Count);

        // Every line reads the same on the next business date: balances, payoff, class, days past due, bills.
        var next = Through.PlusDays(1);
        Assert.Equal(await ReadAsync(nightly, next), await ReadAsync(events, next));

        // The daily 计提 the close writes is the same whether it touched every line or only those with an event.
        Assert.Equal(await AccrualsAsync(nightly), await AccrualsAsync(events));
        Assert.Equal(36, (await AccrualsAsync(events)).Select(a => a[..10]).Distinct().Count());

        // The same changes of class, on the same dates, written by the close chunks' path (LineChanges, close mode);
        // the five weeks move some lines (bills turning overdue on 21 January make 关注 from the 22nd).
        var changes = await ChangesAsync(events);
        Assert.Equal(await ChangesAsync(nightly), changes);
        Assert.Contains(changes, c => c.EndsWith($"{new LocalDate(2026, 1, 22)} Normal→SpecialMention", StringComparison.Ordinal));

        // Each line's journal adds up to what the line holds, in both.
        foreach (var host in new[] { nightly, events })
            await JobHosts.WithDbAsync(host.Services, async db =>
            {
                var lines = await db.CreditLines.AsNoTracking().ToListAsync();
                var journal = (await db.Journal.AsNoTracking().ToListAsync()).ToLookup(e => e.LineId);
                foreach (var line in lines)
                {
                    var rows = journal[line.Id].OrderBy(e => e.Sequence).ToList();
                    Assert.Equal(line.JournalSequence, rows[^1].Sequence);
                    Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Sequence));
                    Assert.Equal(line.Balances.AccruedInterest.Amount, rows.Sum(r => r.AccruedInterestPortion));
                    Assert.Equal(line.Balances.PenaltyInterest.Amount, rows.Sum(r => r.PenaltyInterestPortion));
                    Assert.Equal((line.Principal + line.OverduePrincipal).Amount,
                        rows.Sum(r => r.PrincipalPortion + r.OverduePrincipalPortion));
                }
                return 0;
            });

        // The nightly close planned every open line on every date; the event-driven one, those with an event.
        var planned = await PlannedAsync(events);
        var plannedNightly = await PlannedAsync(nightly);
        Assert.Equal(planned.Keys, plannedNightly.Keys);
        Assert.All(planned, p => Assert.True(p.Value <= plannedNightly[p.Key]));
        // A quiet mid-month date: no line bills, none turns overdue; only a few have a reminder or a crossing.
        Assert.True(planned[new LocalDate(2026, 1, 28)] < plannedNightly[new LocalDate(2026, 1, 28)] / 4,
            $"{planned[new LocalDate(2026, 1, 28)]} of {plannedNightly[new LocalDate(2026, 1, 28)]} lines closed on a quiet date");
        // The settlement date bills every line with interest accrued: each is closed that day.
        var drawnOnSettlement = await JobHosts.WithDbAsync(events.Services, db => db.Journal.AsNoTracking()
            .Where(e => e.BusinessDate == new LocalDate(2026, 1, 20) && e.Kind == JournalEntryKind.InterestBilled).CountAsync());
        Assert.True(drawnOnSettlement > Lines / 2, $"{drawnOnSettlement} lines billed on the 20th");

        var journalNightly = await JobHosts.WithDbAsync(nightly.Services, db => db.Journal.CountAsync());
        var journalEvents = await JobHosts.WithDbAsync(events.Services, db => db.Journal.CountAsync());
        Assert.True(journalEvents - journalBefore < (journalNightly - journalBefore) / 3,
            $"event-driven close wrote {journalEvents - journalBefore} journal rows, the nightly one {journalNightly - journalBefore}");

        foreach (var host in new[] { nightly, events }) await host.StopAsync();
    }

    private static Task<List<string>> ReadAsync(Microsoft.Extensions.Hosting.IHost host, LocalDate on) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            (await db.CreditLines.AsNoTracking().ToListAsync()).OrderBy(l => l.Id).Select(l => l.ViewOn(on)).Select(l =>
                string.Join(" | ", l.Id, l.Status, l.Classification, l.HeldClassification, l.CuredSince, l.Balances,
                    l.PayoffOn(on).Amount, l.DaysPastDueOn(on), l.OverdueSince, l.AvailableOn(on), l.MaturityDate,
                    string.Join(",", l.Bills.Select(b => b.ToString()))))
            .ToList());

    /// <summary>The daily rows, figures to 12 places (sums of 16-place figures, by provider, may differ beyond).</summary>
    private static Task<List<string>> AccrualsAsync(Microsoft.Extensions.Hosting.IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            (await db.DailyAccruals.AsNoTracking().ToListAsync())
            .OrderBy(a => a.BusinessDate).ThenBy(a => a.CooperativeId).ThenBy(a => a.ProgramId)
            .Select(a => string.Join(" ", a.BusinessDate.ToString("yyyy-MM-dd", null), a.CooperativeId, a.ProgramId, a.Lines,
                decimal.Round(a.Interest, 12), decimal.Round(a.Penalty, 12), decimal.Round(a.Subsidy, 12)))
            .ToList());

    private static Task<List<string>> ChangesAsync(Microsoft.Extensions.Hosting.IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            (await db.ClassificationChanges.AsNoTracking().ToListAsync())
            .OrderBy(c => c.LineId).ThenBy(c => c.EffectiveDate)
            .Select(c => $"{c.LineId} {c.CooperativeId} {c.EffectiveDate} {c.From}→{c.To}").ToList());

    /// <summary>Lines planned by date, in date order (a table read without an order comes in whatever order its rows lie).</summary>
    private static Task<SortedDictionary<LocalDate, int>> PlannedAsync(Microsoft.Extensions.Hosting.IHost host) =>
        JobHosts.WithDbAsync(host.Services, async db =>
            new SortedDictionary<LocalDate, int>((await db.CloseRuns.AsNoTracking().ToListAsync())
                .ToDictionary(r => r.BusinessDate, r => r.LinesPlanned)));
}
