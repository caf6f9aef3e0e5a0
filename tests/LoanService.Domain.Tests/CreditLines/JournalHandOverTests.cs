using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>
/// The event-driven close that hands the line's entries to the caller's list instead of keeping them pending
/// (what the service's close runs) against the one that keeps them (<see cref="CreditLine.TakePendingJournal"/>
/// right after): two lines with the same id live the same random life, one closed each way.
/// </summary>
public class JournalHandOverTests
{
    private static readonly NoticeCadence Cadence = NoticeCadence.Default;

    [Fact]
    public void RandomLives_HandedOverJournal_IsTheJournalTheLineWouldHaveKept()
    {
        var handedOverWithPostings = 0;
        for (var seed = 0; seed < 150; seed++)
            handedOverWithPostings += Live(new Random(seed));
        // Some closes found a posting's entries still pending, and handed them over first.
        Assert.True(handedOverWithPostings > 50, $"only {handedOverWithPostings} closes handed over a posting's entries");
    }

    private static int Live(Random random)
    {
        var settings = ProductSettings.Default with { SettlementDay = random.Next(1, 29), GraceDays = random.Next(0, 4) };
        var start = new LocalDate(2026, 1, 1).PlusDays(random.Next(0, 60));
        var (id, term) = (Guid.NewGuid(), random.Next(2, 7));
        CreditLine Open() => CreditLine.Open(id, Lines.Cooperative, Lines.Borrower, new Money(100_000m),
            new AnnualRate(0.0435m), term, start, settings);
        var (kept, handed) = (Open(), Open());
        var keptJournal = new List<JournalEntry>();
        // Another line's entry already in the list: the close appends after it and leaves it be.
        var other = Lines.Open(start).Draw(1_000m);
        var handedJournal = new List<JournalEntry> { other };
        var postingsHandedOver = 0;

        for (var d = start; d <= kept.MaturityDate.PlusDays(40); d = d.PlusDays(1))
        {
            if (random.Next(12) == 0 && kept.IsOpen)
            {
                kept.CatchUp(d);
                handed.CatchUp(d);
                var tx = Guid.NewGuid();
                var available = kept.AvailableOn(d).Amount;
                var payoff = kept.PayoffOn(d).Amount.Amount;
                // A borrower who sometimes pays late: most postings are draws and part repayments.
                if (available > 0m && random.Next(2) == 0)
                {
                    var amount = Math.Floor(available * random.Next(5, 60)) / 100m;
                    kept.Draw(tx, amount, d);
                    handed.Draw(tx, amount, d);
                }
                else if (payoff > 0m)
                {
                    var amount = Math.Max(0.01m, Math.Floor(payoff * random.Next(10, 101)) / 100m);
                    kept.Repay(tx, amount, d);
                    handed.Repay(tx, amount, d);
                }
                keptJournal.AddRange(kept.TakePendingJournal());
                // Left pending on the other line when its close is tonight, so that the close hands it over first.
                if (handed.NextEventDate > d) handedJournal.AddRange(handed.TakePendingJournal());
                else if (handed.PendingJournal.Count > 0) postingsHandedOver++;
            }
            if (kept.NextEventDate is not { } next || d < next) continue;
            Assert.Equal(next, handed.NextEventDate);
            var keptNotices = kept.CloseEventDay(d, settings, Cadence);
            keptJournal.AddRange(kept.TakePendingJournal());
            var handedNotices = handed.CloseEventDay(d, settings, Cadence, null, handedJournal);

            Assert.Empty(handed.PendingJournal);
            Assert.Equal(keptNotices.Select(n => (n.DedupKey, n.Body)), handedNotices.Select(n => (n.DedupKey, n.Body)));
            Assert.Same(other, handedJournal[0]);
            Assert.Equal(keptJournal.Select(Comparable), handedJournal.Skip(1).Select(Comparable));
            Assert.Equal(kept.Balances, handed.Balances);
            Assert.Equal(kept.NextEventDate, handed.NextEventDate);
            Assert.Equal(kept.JournalSequence, handed.JournalSequence);
        }
        return postingsHandedOver;
    }

    [Fact]
    public void RefusedClose_HandingOver_LeavesTheListAsItWasAndTheLineAsTheOtherCloseLeavesIt()
    {
        var start = new LocalDate(2026, 3, 2);
        var id = Guid.NewGuid();
        CreditLine Open() => CreditLine.Open(id, Lines.Cooperative, Lines.Borrower, new Money(100_000m),
            new AnnualRate(0.0435m), 6, start, ProductSettings.Default);
        var (kept, handed) = (Open(), Open());
        var tx = Guid.NewGuid();
        kept.Draw(tx, 40_000m, start);
        handed.Draw(tx, 40_000m, start);
        kept.TakePendingJournal();
        handed.TakePendingJournal();
        var journal = new List<JournalEntry> { Lines.Open(start).Draw(500m) };
        var before = journal.ToList();

        // The line's next close is the 2nd; the 4th skips its event.
        var expected = Assert.Throws<DomainException>(() => kept.CloseEventDay(new LocalDate(2026, 3, 4), ProductSettings.Default, Cadence));
        var refused = Assert.Throws<DomainException>(() =>
            handed.CloseEventDay(new LocalDate(2026, 3, 4), ProductSettings.Default, Cadence, null, journal));

        Assert.Equal(expected.Code, refused.Code);
        Assert.Equal(before, journal);
        Assert.Equal(kept.PendingJournal.Select(Comparable), handed.PendingJournal.Select(Comparable));
        Assert.Equal(kept.Balances, handed.Balances);
        Assert.Equal(kept.LastClosedDate, handed.LastClosedDate);

        // And the line closes its next date as if nothing had been tried.
        handed.CloseEventDay(start, ProductSettings.Default, Cadence, null, journal);
        Assert.Equal(start, handed.LastClosedDate);
        Assert.Empty(handed.PendingJournal);
    }

    [Fact]
    public void CloseFailingPartWay_HandingOver_LeavesWhatItMadePendingAsTheOtherCloseDoes()
    {
        // An enrolled line whose programme ended on 03-10, closed on the 23rd without the programme in the budget:
        // the close brings in the quiet days' accrual (held, then made when it fails) before it asks the budget for
        // the programme and fails.
        var program = Subsidies.Programs.Create(Subsidies.Programs.FixedRate(0.02m), end: new LocalDate(2026, 3, 10));
        var budget = new SubsidyBudget([program]);
        var start = new LocalDate(2026, 1, 15);
        var settings = ProductSettings.Default with { GraceDays = 30 };
        var id = Guid.NewGuid();
        CreditLine Open()
        {
            var line = CreditLine.Open(id, Lines.Cooperative, Lines.Borrower, new Money(100_000m), new AnnualRate(0.0435m), 3,
                start, settings);
            line.EnrolInSubsidy(program, Subsidies.Programs.Borrower(), start);
            line.Draw(Guid.Parse("00000000-0000-0000-0000-000000000001"), 50_000m, start);
            line.TakePendingJournal();
            return line;
        }
        var (kept, handed) = (Open(), Open());
        var refusedOn = new LocalDate(2026, 3, 23);
        for (var d = start; d < refusedOn; d = d.PlusDays(1))
        {
            if (kept.NextEventDate is not { } next || d < next) continue;
            kept.CloseEventDay(d, settings, Cadence, budget);
            kept.TakePendingJournal();
            handed.CloseEventDay(d, settings, Cadence, budget, []);
        }
        var journal = new List<JournalEntry> { Lines.Open(start).Draw(500m) };
        var before = journal.ToList();

        // A caller's error, not a refusal of the rules: the close needs the line's programme.
        var expected = Assert.Throws<InvalidOperationException>(() => kept.CloseEventDay(refusedOn, settings, Cadence));
        var refused = Assert.Throws<InvalidOperationException>(() => handed.CloseEventDay(refusedOn, settings, Cadence, null, journal));

        Assert.Equal(expected.Message, refused.Message);
        Assert.Equal(before, journal);
        Assert.NotEmpty(kept.PendingJournal); // the case this test is for: the refusal came after an entry was made
        Assert.Equal(kept.PendingJournal.Select(Comparable), handed.PendingJournal.Select(Comparable));
        Assert.Equal(kept.Balances, handed.Balances);

        // Retried with the programme, both closes go on alike, the entries left pending handed over first.
        kept.CloseEventDay(refusedOn, settings, Cadence, budget);
        handed.CloseEventDay(refusedOn, settings, Cadence, budget, journal);
        Assert.Equal(kept.TakePendingJournal().Select(Comparable), journal.Skip(1).Select(Comparable));
        Assert.Empty(handed.PendingJournal);
        Assert.Equal(kept.NextEventDate, handed.NextEventDate);
    }

    // The ids of a close's entries are random; all else must be the same, each decimal's bits included (its scale,
    // and the sign of a zero, which the text of a decimal does not show).
    private static string Comparable(JournalEntry e) =>
        $"{(e.Kind is JournalEntryKind.Draw or JournalEntryKind.Repayment ? e.Id.ToString() : "")} {e.Sequence} {e.BusinessDate} " +
        $"{e.Kind} {Exact(e.Amount)} {Exact(e.Accrued)} {Exact(e.Change)} {Exact(e.After)}";

    private static string Exact(Balances b) =>
        string.Join(",", new[] { b.Principal, b.OverduePrincipal, b.AccruedInterest, b.BilledInterest, b.OverdueInterest, b.PenaltyInterest }
            .Select(Exact));

    private static string Exact(Money m) => $"{m.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}#{decimal.GetBits(m.Amount)[3]:x}";
}
