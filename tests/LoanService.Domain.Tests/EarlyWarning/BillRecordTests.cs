using LoanService.Domain.EarlyWarning;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.EarlyWarning;

/// <summary>
/// The line decides its bill record in place (<see cref="BillRecord.Decide{TJudge}"/>): it must leave exactly what
/// the plain reading of the rule leaves (<see cref="DecideOne"/>, for each pending bill found due in turn), and its
/// text must read back as the same entries.
/// </summary>
public class BillRecordTests
{
    private static readonly LocalDate First = new(2026, 1, 20);

    [Fact]
    public void Decide_InPlace_LeavesWhatDecidingOneBillAtATimeLeaves()
    {
        var random = new Random(20261203);
        for (var run = 0; run < 2_000; run++)
        {
            // Up to 8 entries (what the store's 150 characters hold), billed on a few days so that some share one.
            var entries = new List<BillEntry>();
            for (int i = 0, count = random.Next(0, 9); i < count; i++)
            {
                var billedOn = First.PlusMonths(random.Next(0, 6));
                entries.Add(new BillEntry(billedOn, billedOn.PlusDays(random.Next(1, 3)), (BillOutcome)random.Next(0, 3)));
            }
            var judge = new Judge(random.Next(), random.Next());
            var expected = BillRecord.ParseEntries(BillRecord.Write(entries));
            foreach (var entry in expected.ToList())
                if (entry.Outcome == BillOutcome.Pending && judge.IsDue(entry))
                    expected = DecideOne(expected, entry.BilledOn, judge.IsLate(entry.BilledOn));

            var inPlace = new List<BillEntry>(entries);
            BillRecord.Decide(inPlace, judge);

            Assert.Equal(expected, inPlace);
            Assert.Equal(BillRecord.Write(expected), BillRecord.Write(inPlace));
            Assert.Equal(inPlace, BillRecord.ParseEntries(BillRecord.Write(inPlace)));
        }
    }

    [Fact]
    public void Decide_SixDecided_KeepsTheLastFiveAndThePending()
    {
        var entries = Enumerable.Range(0, 6)
            .Select(i => new BillEntry(First.PlusMonths(i), First.PlusMonths(i).PlusDays(1), BillOutcome.OnTime))
            .Append(new BillEntry(First.PlusMonths(6), First.PlusMonths(6).PlusDays(1), BillOutcome.Pending))
            .ToList();
        BillRecord.Decide(entries, new Judge(dueSeed: 0, lateSeed: 0, allDue: true, allLate: true));

        Assert.Equal(
            "2026032020260321P 2026042020260421P 2026052020260521P 2026062020260621P 2026072020260721L",
            BillRecord.Write(entries));
    }

    /// <summary>
    /// The line's record is made with room for <see cref="BillRecord.Room"/> entries so that it never grows. Under the
    /// settings that keep bills pending longest (30 days' grace, bills 28 days apart at the shortest, from February),
    /// with bills paid at random or never, no close leaves more than the peak the settings allow (five decided, two
    /// pending with 30 days' grace on monthly bills, one otherwise), and it is reached. A close holds one entry more
    /// for a moment (the bill it adds before deciding the oldest); the most is at a maturity between a February bill
    /// and the next decision: five decided, two pending and maturity's bill, eight. Its list never grows, and with a
    /// room of seven that maturity grows it.
    /// </summary>
    [Theory]
    [InlineData(SettlementFrequency.Monthly, 28, 30, "2026-01-10", 24, 7)]
    [InlineData(SettlementFrequency.Monthly, 28, 30, "2026-03-30", 12, 7)] // matures 2027-03-30, between Feb 28's decision and its bill's
    [InlineData(SettlementFrequency.Monthly, 1, 30, "2026-01-10", 24, 7)]
    [InlineData(SettlementFrequency.Quarterly, 28, 30, "2026-01-10", 24, 6)]
    [InlineData(SettlementFrequency.Monthly, 20, 0, "2026-01-10", 24, 6)]
    public void Record_UnderAnySettings_NeverHoldsMoreThanItsRoom(SettlementFrequency frequency, int settlementDay,
        int graceDays, string start, int termMonths, int peak)
    {
        var settings = new ProductSettings { Frequency = frequency, SettlementDay = settlementDay, GraceDays = graceDays }.Validate();
        var random = new Random(settlementDay * 100 + graceDays + termMonths);
        var most = 0;
        for (var life = 0; life < 20; life++)
        {
            var line = Lines.Open(NodaTime.Text.LocalDatePattern.Iso.Parse(start).Value,
                termMonths: termMonths, settings: settings);
            line.Draw(60_000m);
            for (var d = line.Today(); d <= line.MaturityDate; d = d.PlusDays(1))
            {
                // On about one day in twelve the oldest unpaid bill is paid: some on time, some late, some never.
                if (line.Bills.Count > 0 && random.Next(0, 12) == 0)
                    line.Repay(Guid.NewGuid(), line.Bills[0].Unpaid.Amount, d);
                line.CloseDay(d, settings);
                var record = line.BillRecord;
                most = Math.Max(most, record.Entries.Count);
                Assert.True(record.Entries.Count <= peak, $"{record.Entries.Count} entries after the close of {d:yyyy-MM-dd}: {record}");
            }
            Assert.Equal(BillRecord.Room, line.BillRecordRoom); // its list never had to grow, in any close
        }
        Assert.Equal(peak, most);
    }

    /// <summary>
    /// The rule read plainly, as the record decided before it was kept parsed: the pending bills of
    /// <paramref name="billedOn"/> decided, then only the last <see cref="BillRecord.DecidedKept"/> decided kept.
    /// </summary>
    private static List<BillEntry> DecideOne(List<BillEntry> entries, LocalDate billedOn, bool late)
    {
        var decided = entries.Select(e => e.BilledOn == billedOn && e.Outcome == BillOutcome.Pending
            ? e with { Outcome = late ? BillOutcome.Late : BillOutcome.OnTime }
            : e).ToList();
        var dropped = Math.Max(0, decided.Count(e => e.Outcome != BillOutcome.Pending) - BillRecord.DecidedKept);
        return decided.Where(e => e.Outcome == BillOutcome.Pending || dropped-- <= 0).ToList();
    }

    /// <summary>Finds an entry due, and a day's bill late, by a hash of its dates: the same answer every time it is asked.</summary>
    private readonly struct Judge(int dueSeed, int lateSeed, bool allDue = false, bool allLate = false) : BillRecord.IJudge
    {
        public bool IsDue(BillEntry pending) => allDue || Mix(dueSeed, pending.BilledOn.DayOfYear * 7 + pending.DueDate.Day) % 2 == 0;

        public bool IsLate(LocalDate billedOn) => allLate || Mix(lateSeed, billedOn.DayOfYear) % 3 == 0;

        private static uint Mix(int seed, int value) => unchecked((uint)(seed ^ value) * 2654435761u >> 7);
    }
}
