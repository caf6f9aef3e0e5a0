using LoanService.Domain;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Benchmarks;

/// <summary>
/// Builds a deterministic in-memory portfolio of credit lines with realistic balances by driving
/// each line through the public domain API only (Open, Draw, Repay, CloseDay), from its opening
/// date to <see cref="AsOf"/>.
/// </summary>
/// <remarks>
/// Lines open between <see cref="FirstOpen"/> and 44 days later with draws of 10–100% of a
/// 50,000–200,000 limit, some draw a second time or repay part of the principal. Borrowers pay
/// their interest bill on the day after settlement (the 21st), except:
/// <list type="bullet">
/// <item>~5% never draw (zero balance: the close does nothing but classify);</item>
/// <item>~3% have one-month terms that matured in early February unpaid (overdue principal, penalty);</item>
/// <item>~2% have one-month terms maturing in the days the benchmark closes (maturity path);</item>
/// <item>~5% left the 20 February bill unpaid (overdue interest, compound interest).</item>
/// </list>
/// Every line has been closed through <see cref="AsOf"/> (2025-02-21, the day after a settlement),
/// so the next day to close is <see cref="AsOf"/> + 1 for all of them.
/// </remarks>
public static class Portfolio
{
    public static readonly LocalDate FirstOpen = new(2025, 1, 2);
    public static readonly LocalDate AsOf = new(2025, 2, 21);
    public static readonly Guid Cooperative = new("00000000-0000-0000-0000-00000000c001");

    private static readonly decimal[] Rates = [0.0435m, 0.0435m, 0.0435m, 0.0385m, 0.043125m, 0.0475m, 0.0525m];
    private static readonly int[] Terms = [3, 6, 12, 12, 12, 12, 24, 36];

    public enum Profile { Normal, NeverDrawn, MaturedUnpaid, MaturesSoon, BillUnpaid }

    /// <summary>Builds <paramref name="count"/> lines; <paramref name="onJournal"/> sees every line's taken journal, in order.</summary>
    public static CreditLine[] Build(int count, ProductSettings settings,
        Action<int, IReadOnlyList<JournalEntry>>? onJournal = null, bool parallel = true)
    {
        var lines = new CreditLine[count];
        if (parallel)
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => lines[i] = BuildLine(i, settings, onJournal));
        else
            for (var i = 0; i < count; i++)
                lines[i] = BuildLine(i, settings, onJournal);
        return lines;
    }

    public static Profile ProfileOf(int index)
    {
        var roll = new SplitMix((ulong)index * 7919UL + 17UL).Next(100);
        return roll switch
        {
            < 5 => Profile.NeverDrawn,
            < 8 => Profile.MaturedUnpaid,
            < 10 => Profile.MaturesSoon,
            < 15 => Profile.BillUnpaid,
            _ => Profile.Normal,
        };
    }

    private static CreditLine BuildLine(int index, ProductSettings settings, Action<int, IReadOnlyList<JournalEntry>>? onJournal)
    {
        var rng = new SplitMix((ulong)index * 0x9E3779B97F4A7C15UL + 1UL);
        var profile = ProfileOf(index);

        var (open, term) = profile switch
        {
            Profile.MaturedUnpaid => (FirstOpen.PlusDays(rng.Next(14)), 1),           // matures 2–15 Feb
            Profile.MaturesSoon => (new LocalDate(2025, 1, 22).PlusDays(rng.Next(20)), 1), // matures 22 Feb – 10 Mar
            _ => (FirstOpen.PlusDays(rng.Next(44)), Terms[rng.Next(Terms.Length)]),
        };
        var limit = 50_000m + 1_000m * rng.Next(151);
        var rate = Rates[rng.Next(Rates.Length)];
        var line = CreditLine.Open(LineId(index), Cooperative, BorrowerId(index), new Money(limit), new AnnualRate(rate),
            term, open, settings);

        var firstDraw = profile == Profile.NeverDrawn
            ? 0m
            : decimal.Round(limit * (10 + rng.Next(91)) / 100m - rng.Next(100_00) / 100m, 2);
        var secondDrawDay = rng.Next(100) < 20 ? open.PlusDays(3 + rng.Next(20)) : (LocalDate?)null;
        var partialRepayDay = rng.Next(100) < 10 ? open.PlusDays(5 + rng.Next(20)) : (LocalDate?)null;
        var paysBills = profile != Profile.BillUnpaid && profile != Profile.MaturedUnpaid;

        var txn = 0;
        for (var d = open; d <= AsOf; d = d.PlusDays(1))
        {
            if (d == open && firstDraw > 0m)
                line.Draw(TxnId(index, ++txn), firstDraw, d);
            if (d == secondDrawDay && line.AvailableOn(d).Amount >= 1_000m)
                line.Draw(TxnId(index, ++txn), decimal.Round(line.AvailableOn(d).Amount / 3m, 2), d);
            if (d == partialRepayDay && line.Principal.Amount >= 2_000m)
                line.Repay(TxnId(index, ++txn), decimal.Round(line.Principal.Amount / 4m, 2), d);
            if (paysBills && d.Day == settings.SettlementDay + 1 && line.BilledInterest.IsPositive && !line.HasOverdue)
                line.Repay(TxnId(index, ++txn), line.BilledInterest.Amount, d);
            line.CloseDay(d, settings);
            var taken = line.TakePendingJournal();
            onJournal?.Invoke(index, taken);
        }
        return line;
    }

    public static Guid LineId(int index) => new(index, 0x4c49, 0x4e45, 0, 0, 0, 0, 0, 0, 0, 1);
    public static Guid BorrowerId(int index) => new(index, 0x424f, 0x5252, 0, 0, 0, 0, 0, 0, 0, 2);
    public static Guid TxnId(int index, int n) => new(index, (short)n, 0x5458, 0, 0, 0, 0, 0, 0, 0, 3);

    /// <summary>A tiny deterministic generator (SplitMix64), so the portfolio is the same on every machine.</summary>
    public struct SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int exclusiveMax)
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)exclusiveMax);
        }
    }
}
