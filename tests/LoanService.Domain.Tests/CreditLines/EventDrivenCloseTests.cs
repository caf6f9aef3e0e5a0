using FsCheck;
using FsCheck.Fluent;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.Subsidies;
using NodaTime;
using Xunit.Abstractions;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>
/// The event-driven close (<see cref="CreditLine.NextEventDate"/>, <see cref="CreditLine.CatchUp"/>,
/// <see cref="CreditLine.ViewOn"/>, <see cref="CreditLine.CloseEventDay"/>) against the reference model it
/// replaces: <see cref="CreditLine.CloseDay"/> every night with <see cref="NoticePlanner.AfterClose"/> after each.
/// Two lines with the same ids live the same random life, one closed each way; on every date what the API
/// would show of the event-driven line (its <see cref="CreditLine.ViewOn"/>) must equal the reference to the fen,
/// the notices planned over the life must be the same set, and both journals must add up.
/// </summary>
public class EventDrivenCloseTests(ITestOutputHelper output)
{
    private enum Step { Draw, Repay, Payoff, Cure, Wait }

    /// <summary>An operation on the date <see cref="Gap"/> days after the previous one's.</summary>
    private sealed record Op(Step Step, int Percent, int Gap)
    {
        public override string ToString() => $"{Step}({Percent}%,+{Gap}d)";
    }

    /// <summary>
    /// A life. <see cref="BillFates"/>, by the order bills are made (cycled): 0..grace pays the bill on
    /// due + k (on time; paid while something else is overdue, it pays that first), 100 + k pays everything overdue
    /// and billed (the cure) k days after the bill turned overdue, −1 never.
    /// </summary>
    private sealed record Life(LocalDate Start, int TermMonths, decimal Rate, decimal Limit, ProductSettings Settings,
        NoticeCadence Cadence, int HorizonDays, int TailDays, int? ExtendDaysBefore, int ExtendMonths, int[] BillFates,
        Op[] Ops, SubsidyCase? Subsidy = null, bool LeavesOverdue = false)
    {
        public override string ToString() =>
            $"start {Start:yyyy-MM-dd}, term {TermMonths}, rate {Rate}, limit {Limit}, {Settings.Frequency} day {Settings.SettlementDay}, " +
            $"grace {Settings.GraceDays}, markup {Settings.PenaltyMarkup}, cadence (reminder {Cadence.InterestReminderDaysBefore}, " +
            $"maturity [{string.Join(",", Cadence.MaturityReminderDaysBefore)}], overdue [{string.Join(",", Cadence.OverdueNoticeDaysPastDue)}]), " +
            $"horizon {HorizonDays}, tail {TailDays}, extend {(ExtendDaysBefore is { } e ? $"{e}d before by {ExtendMonths}m" : "no")}, " +
            $"bills [{string.Join(",", BillFates)}]{(LeavesOverdue ? " (no repayment op while overdue)" : "")}, subsidy {Subsidy?.ToString() ?? "none"}: {string.Join(", ", Ops.Select(o => o.ToString()))}";
    }

    private sealed record SubsidyCase(SubsidyMode Mode, SubsidyRateRule Rule, decimal Budget, decimal? Cap, bool CoversExtended)
    {
        public override string ToString() => $"{Mode} {Rule.Kind} {Rule.Value} budget {Budget} cap {Cap} coversExtended {CoversExtended}";
    }

    private static readonly Gen<Op> OpGen =
        from step in Gen.Frequency(
            (5, Gen.Constant(Step.Draw)), (4, Gen.Constant(Step.Repay)), (1, Gen.Constant(Step.Payoff)),
            (2, Gen.Constant(Step.Cure)), (2, Gen.Constant(Step.Wait)))
        from percent in Gen.Choose(1, 99)
        from gap in Gen.Frequency((8, Gen.Choose(0, 30)), (1, Gen.Choose(60, 200)))
        select new Op(step, percent, gap);

    private static Gen<int[]> BillFateGen(int grace) => Gen.ArrayOf(
        Gen.Frequency((4, Gen.Choose(0, grace)), (2, Gen.Choose(101, 160)), (1, Gen.Choose(190, 250)), (1, Gen.Constant(-1))), 12);

    /// <summary>
    /// One of the first bills left unpaid 95–150 days after it turned overdue (the line is held at 次级), the rest
    /// paid on time: the held class is released six months after the cure.
    /// </summary>
    private static Gen<int[]> HeldFateGen(int grace) =>
        from first in Gen.Choose(0, 1)
        from late in Gen.Choose(195, 250)
        from onTime in Gen.ArrayOf(Gen.Choose(0, grace), 12)
        select onTime.Select((f, i) => i == first ? late : f).ToArray();

    private static readonly Gen<NoticeCadence> CadenceGen =
        from reminder in Gen.Choose(1, 15)
        from maturityCount in Gen.Choose(0, 3)
        from maturity in Gen.ArrayOf(Gen.Choose(1, 90), maturityCount)
        from overdueCount in Gen.Choose(0, 5)
        from overdue in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(1, 40)), (1, Gen.Choose(41, 360))), overdueCount)
        select new NoticeCadence
        {
            InterestReminderDaysBefore = reminder,
            MaturityReminderDaysBefore = maturity.Distinct().ToArray(),
            OverdueNoticeDaysPastDue = overdue.Distinct().ToArray(),
        }.Validate();

    private static Gen<Life> LifeGen(bool subsidized) =>
        from held in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from startOffset in Gen.Choose(0, 90)
        from term in held ? Gen.Choose(15, 18) : Gen.Frequency((2, Gen.Choose(1, 18)), (1, Gen.Choose(12, 18)))
        from rate in Gen.Elements(0.0435m, 0.0365m, 0.043125m, 0.0001m, 0.24m, 0.0599m)
        from limitFen in Gen.Choose(5_000_000, 20_000_000)
        from quarterly in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from settlementDay in Gen.Frequency((2, Gen.Constant(20)), (3, Gen.Choose(1, 28)))
        from grace in Gen.Choose(0, 5)
        from markup in Gen.Elements(0.3m, 0.5m, 0.4321m)
        from cadence in Gen.Frequency((1, Gen.Constant(NoticeCadence.Default)), (3, CadenceGen))
        from horizon in Gen.Choose(365, 730)
        from tail in Gen.Frequency((1, Gen.Choose(1, 60)), (1, Gen.Choose(60, 450)))
        from extend in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 40).Select(d => (int?)d)))
        from extendMonths in Gen.Choose(1, 18)
        from fates in held ? HeldFateGen(grace) : BillFateGen(grace)
        from count in Gen.Choose(5, 40)
        from ops in Gen.ArrayOf(OpGen, count)
        from firstDraw in Gen.Choose(50, 99)
        from subsidy in subsidized ? SubsidyGen.Select(s => (SubsidyCase?)s) : Gen.Constant<SubsidyCase?>(null)
        select new Life(new LocalDate(2026, 1, 5).PlusDays(startOffset), term, rate, limitFen / 100m, new ProductSettings
        {
            Frequency = quarterly ? SettlementFrequency.Quarterly : SettlementFrequency.Monthly,
            SettlementDay = settlementDay,
            GraceDays = grace,
            PenaltyMarkup = markup,
        }.Validate(), cadence, horizon, tail, extend, extendMonths, fates,
            held ? [new Op(Step.Draw, firstDraw, 0), .. ops] : ops, subsidy, held);

    private static readonly Gen<SubsidyCase> SubsidyGen =
        from mode in Gen.Elements(SubsidyMode.LenderClaims, SubsidyMode.BorrowerRefund)
        from rule in Gen.Elements(Programs.FixedRate(0.03m), Programs.FixedRate(0.0333m), Programs.ShareOfInterest(0.5m),
            Programs.ShareOfInterest(0.3333m), Programs.BorrowerRateCeiling(0.015m))
        from budgetFen in Gen.Frequency((2, Gen.Choose(100, 60_000)), (1, Gen.Constant(300_000_000)))
        from cap in Gen.Elements<decimal?>(null, 30_000m, 75_000.55m)
        from covers in Gen.Elements(false, true)
        select new SubsidyCase(mode, rule, budgetFen / 100m, cap, covers);

    // ---------------------------------------------------------------------------------------------------------
    // 1. Random lives: the event-driven line reads as the reference on every date.

    [Fact]
    public void RandomLife_EventDrivenClose_ReadsAsTheNightlyCloseOnEveryDate()
    {
        var coverage = new Coverage();
        Prop.ForAll(Arb.From(LifeGen(subsidized: false)), life => { Run(life, coverage); })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        output.WriteLine(coverage.ToString());
        // The lives must reach what the close decides, or the property proves little.
        Assert.True(coverage is { Extended: > 0, Substandard: > 0, Doubtful: > 0, Loss: > 0, HeldReleased: > 0, Closed: > 0,
            OverdueNotices: > 0, ReminderNotices: > 0, MaturityNotices: > 0, QuietPostings: > 0 }, coverage.ToString());
    }

    // 2. Enrolled lines: the event-driven one is closed on its events and on the days its programme's budget has no
    //    room for the whole day (then the close touches every line of the programme); on its quiet days the close
    //    takes its subsidy from the budget in one step, as the close's finish does for all quiet lines. The budget
    //    used, the date it ran out and every subsidy figure agree exactly with the nightly close.

    [Fact]
    public void RandomSubsidizedLife_EventDrivenClose_AgreesOnTheSubsidyAndTheBudgetEveryDay()
    {
        var coverage = new Coverage();
        Prop.ForAll(Arb.From(LifeGen(subsidized: true)), life => { Run(life, coverage); })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(100));
        output.WriteLine(coverage.ToString());
        Assert.True(coverage is { EventCloses: > 0, SubsidyBilled: > 0, SubsidyEarned: > 0, SubsidyForfeited: > 0, BudgetExhausted: > 0,
            QuietSubsidyDays: > 0, NoRoomDays: > 0 }, coverage.ToString());
    }

    /// <summary>What the API shows of a line on a business date: every figure the two paths must agree on.</summary>
    private sealed record Reading(
        Balances Balances,
        PayoffQuote Payoff,
        int DaysPastDue,
        Classification Classification,
        Classification? HeldClassification,
        LocalDate? CuredSince,
        CreditLineStatus Status,
        LocalDate MaturityDate,
        LocalDate? OverdueSince,
        Money OverdueAmount,
        string Bills,
        string BillRecord,
        Money Available,
        Money? EstimatedInterestBill,
        Money SubsidyAccrued,
        string PendingSubsidies)
    {
        public static Reading Of(CreditLine line, LocalDate on, ProductSettings settings, ISubsidyBudget? budget)
        {
            Money? estimate = null;
            if (line.IsOpen && line.Principal.IsPositive)
            {
                var settlement = SettlementOnOrAfter(settings, on);
                if (settlement < line.MaturityDate) estimate = line.EstimatedInterestBill(on.PlusDays(-1), settlement, budget);
            }
            return new Reading(line.Balances, line.PayoffOn(on, budget), line.DaysPastDueOn(on), line.Classification,
                line.HeldClassification, line.CuredSince, line.Status, line.MaturityDate, line.OverdueSince, line.OverdueAmount,
                string.Join(";", line.Bills), line.BillRecord.ToString(), line.AvailableOn(on), estimate, line.SubsidyAccrued,
                string.Join(";", line.PendingSubsidies.Select(p => $"{p.BilledOn}/{p.DueDate}/{p.Amount}")));
        }
    }

    private static LocalDate SettlementOnOrAfter(ProductSettings settings, LocalDate on)
    {
        var candidate = new LocalDate(on.Year, on.Month, settings.SettlementDay);
        if (candidate < on) candidate = candidate.PlusMonths(1);
        while (!settings.IsSettlementDay(candidate)) candidate = candidate.PlusMonths(1);
        return candidate;
    }

    /// <summary>
    /// A subsidy event without its random ids, to compare the two paths' events; quiet days accrued in one event are
    /// told day by day, as the nightly close accrues them.
    /// </summary>
    private static IEnumerable<string> Describe(SubsidyEvent e) => e is SubsidyAccrued { Days: > 1 } span
        ? Enumerable.Range(0, span.Days).Select(i => span.Date.PlusDays(i))
            .Select(day => $"accrued {day} {span.Base} {span.Within(day, day)}")
        : [DescribeOne(e)];

    private static string DescribeOne(SubsidyEvent e) => e switch
    {
        SubsidyAccrued a => $"accrued {a.Date} {a.Base} {a.Amount}",
        SubsidyBilled b => $"billed {b.Date} {b.Period.PeriodStart} {b.Period.DueDate} {b.Period.Days} {b.Period.BaseDays} {b.Period.AnnualRate} {b.Period.Unrounded} {b.Period.Amount}",
        SubsidyEarned n => $"earned {n.Date} {n.Amount}",
        SubsidyForfeited f => $"forfeited {f.Date} {f.Amount}",
        _ => e.ToString(),
    };

    /// <summary>Both lines of one life, with what they made.</summary>
    private sealed class Pair
    {
        public required CreditLine Reference;
        public required CreditLine Event;
        public required ISubsidyBudget? ReferenceBudget;
        public required ISubsidyBudget? EventBudget;
        public required SubsidyProgram? ReferenceProgram;
        public required SubsidyProgram? EventProgram;
        public readonly List<JournalEntry> ReferenceJournal = [];
        public readonly List<JournalEntry> EventJournal = [];
        public readonly HashSet<(string Key, LocalDate Date, string Body)> ReferenceNotices = [];
        public readonly HashSet<(string Key, LocalDate Date, string Body)> EventNotices = [];
        public readonly List<string> ReferenceSubsidyEvents = [];
        public readonly List<string> EventSubsidyEvents = [];
        public readonly List<ClassificationChange> ReferenceClassChanges = [];
        public readonly List<ClassificationChange> EventClassChanges = [];
        /// <summary>The reference line's class on each business date after a close of it while open.</summary>
        public readonly Dictionary<LocalDate, Classification> ClassOn = [];

        public void Take()
        {
            ReferenceJournal.AddRange(Reference.TakePendingJournal());
            EventJournal.AddRange(Event.TakePendingJournal());
            ReferenceSubsidyEvents.AddRange(Reference.TakeSubsidyEvents().SelectMany(Describe));
            EventSubsidyEvents.AddRange(Event.TakeSubsidyEvents().SelectMany(Describe));
            ReferenceClassChanges.AddRange(Reference.TakeClassificationChanges());
            EventClassChanges.AddRange(Event.TakeClassificationChanges());
        }

        /// <summary>
        /// A posting on <paramref name="date"/>: the event-driven line is caught up first, as the application does;
        /// both must take it or refuse it alike, and what it returns must be the same.
        /// </summary>
        public int QuietPostings;

        public void Post(LocalDate date, Func<CreditLine, ISubsidyBudget?, object> act, string what)
        {
            if (Event.IsOpen && Event.LastClosedDate < date.PlusDays(-1)) QuietPostings++;
            Event.CatchUp(date);
            var expected = Outcome(() => act(Reference, ReferenceBudget));
            var actual = Outcome(() => act(Event, EventBudget));
            Assert.True(expected == actual, $"{what} on {date}: reference {expected}, event-driven {actual}");
            Take();
        }

        private static string Outcome(Func<object> act)
        {
            try
            {
                return act() switch
                {
                    JournalEntry e => Entry(e),
                    ValueTuple<JournalEntry, RepaymentAllocation> r => $"{Entry(r.Item1)} {r.Item2}",
                    var other => other.ToString() ?? "",
                };
            }
            catch (DomainException refused)
            {
                return $"refused {refused.Code}";
            }
        }

        // The sequence differs (the event-driven journal has fewer rows), and so do the accrued and penalty parts of the
        // change (the event-driven entry takes in what accrued over the quiet days before it, which the reference has in
        // its nightly accrual entries); all else must not, the balances after the entry included. Draws and repayments
        // carry the transaction's id; an extension gets a fresh one.
        private static string Entry(JournalEntry e) =>
            $"{(e.Kind == JournalEntryKind.Extension ? "" : e.Id.ToString())} {e.BusinessDate} {e.Kind} {e.Amount} " +
            $"{e.Change with { AccruedInterest = Money.Zero, PenaltyInterest = Money.Zero }} {e.After}";
    }

    private static SubsidyProgram CreateProgram(Guid id, SubsidyCase s) =>
        SubsidyProgram.Create(id, Programs.Department, Programs.County, "党员先锋贷贴息", "福鼎市委组织部", Programs.County,
            [Lines.Cooperative], new LocalDate(2026, 1, 1), new LocalDate(2027, 12, 31), s.Budget, s.Cap, s.Rule, s.Mode,
            forfeitOnLatePayment: true, s.CoversExtended, Instant.FromUtc(2026, 1, 1, 0, 0)) is var p
            ? Accepted(p)
            : throw new InvalidOperationException();

    private static SubsidyProgram Accepted(SubsidyProgram program)
    {
        foreach (var cooperative in program.CooperativeIds) program.Accept(cooperative);
        return program;
    }

    /// <summary>How many lives reached each situation: the lives must exercise what the close decides.</summary>
    private sealed class Coverage
    {
        public int Lives, Days, EventCloses, Extended, Substandard, Doubtful, Loss, HeldReleased, Closed, OverdueNotices,
            ReminderNotices, MaturityNotices, QuietPostings, SubsidyBilled, SubsidyEarned, SubsidyForfeited, BudgetExhausted,
            QuietSubsidyDays, NoRoomDays;

        public override string ToString() =>
            $"{Lives} lives, {Days} days, {EventCloses} event-driven closes; extended {Extended}, reached 次级 {Substandard}, " +
            $"可疑 {Doubtful}, 损失 {Loss}, held class released {HeldReleased}, closed {Closed}; lives with overdue notices " +
            $"{OverdueNotices}, interest reminders {ReminderNotices}, maturity reminders {MaturityNotices}; postings after quiet days {QuietPostings}; " +
            $"lives with subsidy billed {SubsidyBilled}, earned {SubsidyEarned}, forfeited {SubsidyForfeited}, budget exhausted {BudgetExhausted}; " +
            $"enrolled days with subsidy not closed {QuietSubsidyDays}, closed because the budget had no room for the day {NoRoomDays}";
    }

    private static void Count(Coverage? coverage, Pair pair, bool substandard, bool doubtful, bool loss, bool released, int days,
        int eventCloses, int quietPostings)
    {
        if (coverage is null) return;
        coverage.Lives++;
        coverage.Days += days;
        coverage.EventCloses += eventCloses;
        coverage.QuietPostings += quietPostings;
        if (pair.Reference.IsExtended) coverage.Extended++;
        if (substandard) coverage.Substandard++;
        if (doubtful) coverage.Doubtful++;
        if (loss) coverage.Loss++;
        if (released) coverage.HeldReleased++;
        if (pair.Reference.Status == CreditLineStatus.Closed) coverage.Closed++;
        if (pair.ReferenceNotices.Any(n => n.Key.Contains(":OverdueNotice:"))) coverage.OverdueNotices++;
        if (pair.ReferenceNotices.Any(n => n.Key.Contains(":InterestDueReminder:"))) coverage.ReminderNotices++;
        if (pair.ReferenceNotices.Any(n => n.Key.Contains(":MaturityReminder:"))) coverage.MaturityNotices++;
        if (pair.ReferenceSubsidyEvents.Any(e => e.StartsWith("billed", StringComparison.Ordinal))) coverage.SubsidyBilled++;
        if (pair.ReferenceSubsidyEvents.Any(e => e.StartsWith("earned", StringComparison.Ordinal))) coverage.SubsidyEarned++;
        if (pair.ReferenceSubsidyEvents.Any(e => e.StartsWith("forfeited", StringComparison.Ordinal))) coverage.SubsidyForfeited++;
        if (pair.ReferenceProgram?.ExhaustedOn is not null) coverage.BudgetExhausted++;
    }

    /// <summary>Lives the life on both lines, asserting on every date; returns the pair for further checks.</summary>
    private static Pair Run(Life life, Coverage? coverage = null)
    {
        bool substandard = false, doubtful = false, loss = false, released = false;
        int days = 0, eventCloses = 0, quietSubsidyDays = 0, noRoomDays = 0;
        var settings = life.Settings;
        var cadence = life.Cadence;
        var id = Guid.NewGuid();
        CreditLine OpenLine() => CreditLine.Open(id, Lines.Cooperative, Lines.Borrower, new Money(life.Limit),
            new AnnualRate(life.Rate), life.TermMonths, life.Start, settings);
        SubsidyProgram? referenceProgram = null, eventProgram = null;
        if (life.Subsidy is { } s)
        {
            var programId = Guid.NewGuid();
            referenceProgram = CreateProgram(programId, s);
            eventProgram = CreateProgram(programId, s);
        }
        var pair = new Pair
        {
            Reference = OpenLine(),
            Event = OpenLine(),
            ReferenceProgram = referenceProgram,
            EventProgram = eventProgram,
            ReferenceBudget = referenceProgram is null ? null : new SubsidyBudget([referenceProgram]),
            EventBudget = eventProgram is null ? null : new SubsidyBudget([eventProgram]),
        };
        var reference = pair.Reference;
        var ev = pair.Event;
        if (referenceProgram is not null)
        {
            reference.EnrolInSubsidy(referenceProgram, Programs.Borrower(), life.Start);
            ev.EnrolInSubsidy(eventProgram!, Programs.Borrower(), life.Start);
        }

        var billOrder = new Dictionary<LocalDate, int>();
        var cures = new HashSet<LocalDate>();
        var opIndex = 0;
        var nextOp = life.Ops.Length > 0 ? life.Start.PlusDays(life.Ops[0].Gap) : LocalDate.MaxIsoValue;
        var extended = false;
        var d = life.Start;
        for (; ; d = d.PlusDays(1))
        {
            var end = Max(life.Start.PlusDays(life.HorizonDays), reference.MaturityDate.PlusDays(life.TailDays));
            if (d > end) break;
            var context = $"{d:yyyy-MM-dd} ({life})";
            var heldBefore = reference.HeldClassification;

            // Bills paid (or not) as the life's fates say: a late bill's cure is planned when the bill is first seen,
            // as a later payment may pay the bill itself (the allocation pays what is overdue first).
            var billPayment = 0m;
            foreach (var bill in reference.Bills)
            {
                if (!billOrder.TryGetValue(bill.BilledOn, out var index)) billOrder[bill.BilledOn] = index = billOrder.Count;
                var fate = life.BillFates[index % life.BillFates.Length];
                if (fate is >= 0 and < 100 && !bill.Overdue && d == bill.DueDate.PlusDays(fate)
                    && !(life.LeavesOverdue && reference.HasOverdue)) // such a borrower pays nothing until the cure
                    billPayment += bill.Unpaid.Amount;
                if (fate >= 100) cures.Add(bill.DueDate.PlusDays(settings.GraceDays + fate - 100));
            }
            if (cures.Contains(d))
                billPayment += (reference.PenaltyInterest.RoundToFen() + reference.OverdueInterest + reference.OverduePrincipal
                    + reference.BilledInterest).Amount;
            if (billPayment > 0m && reference.IsOpen)
            {
                var amount = Math.Min(billPayment, reference.PayoffOn(d, pair.ReferenceBudget).Amount.Amount);
                var tx = Guid.NewGuid();
                if (amount > 0m) pair.Post(d, (l, b) => l.Repay(tx, amount, d, b), $"bill payment {amount}");
            }

            // An extension some days before maturity.
            if (!extended && life.ExtendDaysBefore is { } daysBefore && d == reference.MaturityDate.PlusDays(-daysBefore))
            {
                extended = true;
                var to = reference.MaturityDate.PlusMonths(life.ExtendMonths);
                if (to > reference.LatestExtendedMaturity) to = reference.LatestExtendedMaturity;
                if (to > reference.MaturityDate) pair.Post(d, (l, _) => l.Extend(to, d), $"extension to {to}");
            }

            // The life's operations due today.
            while (opIndex < life.Ops.Length && nextOp == d)
            {
                var op = life.Ops[opIndex];
                var tx = Guid.NewGuid();
                var payoff = reference.IsOpen ? reference.PayoffOn(d, pair.ReferenceBudget).Amount.Amount : 0m;
                if (life.LeavesOverdue && reference.HasOverdue) payoff = 0m; // only the bill's fate pays it
                switch (op.Step)
                {
                    case Step.Draw:
                        var draw = Math.Floor(reference.AvailableOn(d).Amount * op.Percent) / 100m;
                        if (draw > 0m) pair.Post(d, (l, _) => l.Draw(tx, draw, d), $"draw {draw}");
                        break;
                    case Step.Repay:
                        var repay = Math.Max(0.01m, Math.Floor(payoff * op.Percent) / 100m);
                        if (payoff > 0m) pair.Post(d, (l, b) => l.Repay(tx, repay, d, b), $"repay {repay}");
                        break;
                    case Step.Payoff:
                        if (payoff > 0m) pair.Post(d, (l, b) => l.Repay(tx, payoff, d, b), $"payoff {payoff}");
                        break;
                    case Step.Cure:
                        var overdue = reference.PenaltyInterest.RoundToFen() + reference.OverdueInterest + reference.OverduePrincipal;
                        if (overdue.IsPositive && payoff > 0m) pair.Post(d, (l, b) => l.Repay(tx, overdue.Amount, d, b), $"cure {overdue}");
                        break;
                }
                opIndex++;
                if (opIndex < life.Ops.Length) nextOp = d.PlusDays(life.Ops[opIndex].Gap);
            }

            // The close of d: every night for the reference, on its event dates for the other, and, when enrolled, on
            // the days its programme has no room for the whole day of its lines (here the one); on its other days the
            // close's finish takes its day's subsidy from the budget.
            reference.CloseDay(d, settings, pair.ReferenceBudget, cadence);
            pair.ReferenceNotices.UnionWith(NoticePlanner.AfterClose(reference, d, settings, cadence, pair.ReferenceBudget)
                .Select(n => (n.DedupKey, n.BusinessDate, n.Body)));
            var noRoom = pair.EventProgram is { } program && ev.IsOpen && program.ClosesEveryLineOn(ev.SubsidyDayBound(d), ev.MayEarnSubsidyOn(d) ? 1 : 0);
            if (ev.NextEventDate is { } next && (d >= next || noRoom))
            {
                eventCloses++;
                if (d < next) noRoomDays++;
                pair.EventNotices.UnionWith(ev.CloseEventDay(d, settings, cadence, pair.EventBudget)
                    .Select(n => (n.DedupKey, n.BusinessDate, n.Body)));
            }
            else if (pair.EventProgram is not null && ev.IsOpen)
            {
                var quiet = ev.QuietSubsidyOn(d);
                Assert.True(pair.EventProgram.TryGrantQuietDay(quiet, d), $"no room for the quiet day's {quiet} on {context}");
                if (quiet.IsPositive) quietSubsidyDays++;
            }
            pair.Take();
            if (reference.IsOpen) pair.ClassOn[d.PlusDays(1)] = reference.Classification;
            days++;
            released |= heldBefore is not null && reference.HeldClassification is null && reference.IsOpen;
            var held = reference.HeldClassification;
            substandard |= held == Classification.Substandard || reference.Classification == Classification.Substandard;
            doubtful |= reference.Classification == Classification.Doubtful;
            loss |= reference.Classification == Classification.Loss;

            if (life.Subsidy is not null)
            {
                Assert.True(pair.ReferenceProgram!.Committed == pair.EventProgram!.Committed,
                    $"committed: reference {pair.ReferenceProgram.Committed}, event-driven {pair.EventProgram.Committed} on {context}");
                Assert.True(pair.ReferenceProgram.ExhaustedOn == pair.EventProgram.ExhaustedOn, $"exhausted on {context}");
            }

            // What the API shows tomorrow.
            var on = d.PlusDays(1);
            var expected = Reading.Of(reference, on, settings, pair.ReferenceBudget);
            var actual = Reading.Of(ev.ViewOn(on), on, settings, pair.EventBudget);
            if (expected != actual)
                Assert.Fail($"after the close of {context}:\n expected {expected}\n actual   {actual}");
        }

        // The whole life's notices are the same set.
        var missing = pair.ReferenceNotices.Except(pair.EventNotices).OrderBy(n => n.Date).ToList();
        var extra = pair.EventNotices.Except(pair.ReferenceNotices).OrderBy(n => n.Date).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            Assert.Fail($"notices differ ({life}):\n missing {string.Join("\n         ", missing)}\n extra   {string.Join("\n         ", extra)}");
        Assert.Equal(pair.ReferenceSubsidyEvents, pair.EventSubsidyEvents);
        // A class changes only on an event date: both paths record the same changes, on the same dates.
        Assert.Equal(pair.ReferenceClassChanges, pair.EventClassChanges);
        // And they give back the class of every date the line was open.
        foreach (var (date, expectedClass) in pair.ClassOn)
            Assert.True(expectedClass == ClassificationHistory.On(pair.EventClassChanges, ev.Classification, date),
                $"class on {date}: {expectedClass}, from the changes {ClassificationHistory.On(pair.EventClassChanges, ev.Classification, date)} ({life})");

        // Both journals add up; caught up at the end, the event-driven one ends where the reference does, in fewer rows.
        ev.CatchUp(d);
        pair.Take();
        AssertJournalAddsUp(pair.ReferenceJournal, reference.Balances, "reference", life);
        AssertJournalAddsUp(pair.EventJournal, ev.Balances, "event-driven", life);
        Assert.Equal(reference.Balances, ev.Balances);
        Assert.Equal(pair.ReferenceJournal.LastOrDefault()?.After, pair.EventJournal.LastOrDefault()?.After);
        Assert.True(pair.EventJournal.Count <= pair.ReferenceJournal.Count,
            $"event-driven journal has {pair.EventJournal.Count} rows, the reference {pair.ReferenceJournal.Count} ({life})");
        Count(coverage, pair, substandard, doubtful, loss, released, days, eventCloses, pair.QuietPostings);
        if (coverage is not null)
        {
            coverage.QuietSubsidyDays += quietSubsidyDays;
            coverage.NoRoomDays += noRoomDays;
        }
        return pair;
    }

    private static void AssertJournalAddsUp(List<JournalEntry> journal, Balances balances, string which, Life life)
    {
        var running = Balances.Zero;
        for (var i = 0; i < journal.Count; i++)
        {
            var entry = journal[i];
            running += entry.Change;
            Assert.True(running == entry.After, $"{which} journal: Σ change {running} ≠ after {entry.After} at #{i + 1} {entry.Kind} {entry.BusinessDate} ({life})");
            Assert.True(entry.Sequence == i + 1, $"{which} journal: entry #{i + 1} has sequence {entry.Sequence} ({life})");
        }
        Assert.True(running == balances, $"{which} journal: Σ change {running} ≠ balances {balances} ({life})");
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    // ---------------------------------------------------------------------------------------------------------
    // 3. A typical line-year makes few journal rows under the event-driven close.

    [Fact]
    public void TypicalLineYear_EventDrivenClose_MakesAtMost40JournalRows()
    {
        // 100,000.00 at 4.35% for 12 months from 5 Jan 2026, monthly settlement on the 20th, each bill paid on its due
        // date (the 21st); 3 draws (the first on the open day) and 3 partial repayments on random days; the year is
        // 5 Jan 2026 – 4 Jan 2027. Twenty such years, one seed each.
        var start = new LocalDate(2026, 1, 5);
        var worst = (Rows: 0, Reference: 0, Seed: 0, Kinds: "");
        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var days = Enumerable.Range(1, 330).OrderBy(_ => random.Next()).Take(5).Prepend(0).Order().ToArray();
            var rest = days.Skip(1).OrderBy(_ => random.Next()).ToArray();
            var draws = rest.Take(2).Prepend(days[0]).Select(start.PlusDays).ToHashSet();
            var repayments = rest.Skip(2).Select(start.PlusDays).ToHashSet();
            var (pair, rows) = RunTypicalYear(start, draws, repayments);
            var kinds = string.Join(", ", pair.EventJournal.Take(rows).GroupBy(e => e.Kind).Select(g => $"{g.Key} {g.Count()}"));
            output.WriteLine($"seed {seed}: draws {string.Join(", ", draws.Order().Select(x => x.ToString("MM-dd", null)))}, " +
                $"repayments {string.Join(", ", repayments.Order().Select(x => x.ToString("MM-dd", null)))}: " +
                $"event-driven {rows} rows ({kinds}), reference {pair.ReferenceJournal.Count}");
            Assert.True(pair.ReferenceJournal.Count >= 365, $"seed {seed}: reference rows {pair.ReferenceJournal.Count}");
            if (rows > worst.Rows) worst = (rows, pair.ReferenceJournal.Count, seed, kinds);
        }
        Assert.True(worst.Rows <= 40,
            $"a line-year made {worst.Rows} event-driven journal rows (seed {worst.Seed}: {worst.Kinds}); the reference {worst.Reference}");
    }

    /// <summary>
    /// A 12-month line of 100,000.00 at 4.35%: draws (half the available) and repayments (a third of the principal)
    /// on the given days, each bill paid on its due date, for the year from <paramref name="start"/>. Returns the pair
    /// and how many rows the event-driven journal made in the year (before the test's own catch-up at the end).
    /// </summary>
    private static (Pair Pair, int EventRows) RunTypicalYear(LocalDate start, HashSet<LocalDate> draws, HashSet<LocalDate> repayments)
    {
        var settings = ProductSettings.Default;
        var cadence = NoticeCadence.Default;
        var id = Guid.NewGuid();
        CreditLine OpenLine() => CreditLine.Open(id, Lines.Cooperative, Lines.Borrower, new Money(100_000m),
            new AnnualRate(0.0435m), 12, start, settings);
        var pair = new Pair
        {
            Reference = OpenLine(), Event = OpenLine(), ReferenceBudget = null, EventBudget = null,
            ReferenceProgram = null, EventProgram = null,
        };
        var reference = pair.Reference;
        var ev = pair.Event;
        var end = start.PlusDays(364);
        var d = start;
        for (; d <= end; d = d.PlusDays(1))
        {
            var due = reference.Bills.Where(b => !b.Overdue && b.DueDate == d).Sum(b => b.Unpaid.Amount);
            var tx = Guid.NewGuid();
            if (due > 0m) pair.Post(d, (l, b) => l.Repay(tx, due, d, b), "bill");
            if (draws.Contains(d))
            {
                var amount = Math.Floor(reference.AvailableOn(d).Amount / 2m);
                if (amount > 0m) pair.Post(d, (l, _) => l.Draw(tx, amount, d), "draw");
            }
            if (repayments.Contains(d) && reference.Principal.IsPositive)
            {
                var amount = Math.Floor(reference.Principal.Amount / 3m);
                if (amount > 0m) pair.Post(d, (l, b) => l.Repay(tx, amount, d, b), "repay");
            }
            reference.CloseDay(d, settings, null, cadence);
            pair.ReferenceNotices.UnionWith(NoticePlanner.AfterClose(reference, d, settings, cadence)
                .Select(n => (n.DedupKey, n.BusinessDate, n.Body)));
            if (ev.NextEventDate is { } next && d >= next)
                pair.EventNotices.UnionWith(ev.CloseEventDay(d, settings, cadence).Select(n => (n.DedupKey, n.BusinessDate, n.Body)));
            pair.Take();
            var on = d.PlusDays(1);
            Assert.Equal(Reading.Of(reference, on, settings, null), Reading.Of(ev.ViewOn(on), on, settings, null));
        }
        var rows = pair.EventJournal.Count;
        ev.CatchUp(d);
        pair.Take();
        Assert.Equal(pair.ReferenceNotices.OrderBy(n => n.Key), pair.EventNotices.OrderBy(n => n.Key));
        Assert.Equal(pair.ReferenceJournal[^1].After, pair.EventJournal[^1].After);
        return (pair, rows);
    }

    /// <summary>
    /// One monthly cycle, row by row: the journal holds the events, and the interest accrued before each goes into
    /// it. The close of the bill's due date decides the bill record (paid on time) and keeps that decision, but no
    /// row of its own: its day's accrual stays in closed form, brought in by the next event.
    /// </summary>
    [Fact]
    public void MonthlyCycle_BillPaidOnItsDueDate_MakesThreeRowsWithTheAccrualInTheBill()
    {
        var settings = ProductSettings.Default;
        var line = Lines.Open(new LocalDate(2026, 1, 5)); // 100,000.00 limit, 4.35%, settlement on the 20th
        var journal = new List<JournalEntry>();
        line.Draw(Guid.NewGuid(), 100_000m, new LocalDate(2026, 1, 5));
        for (var d = new LocalDate(2026, 1, 5); d <= new LocalDate(2026, 2, 19); d = d.PlusDays(1))
        {
            // 20 Jan bills 16 days × 100,000 × 0.0435 / 360 = 193.3333… → 193.33, due 21 Jan, paid that day.
            if (d == new LocalDate(2026, 1, 21))
            {
                line.CatchUp(d);
                line.Repay(Guid.NewGuid(), 193.33m, d);
            }
            if (d >= line.NextEventDate) line.CloseEventDay(d, settings, NoticeCadence.Default);
            journal.AddRange(line.TakePendingJournal());
        }
        Assert.Equal(
        [
            (new LocalDate(2026, 1, 5), JournalEntryKind.Draw, 100_000m, 0m),
            // 5–20 Jan accrued (积数 × rate / 360 to 16 places), then billed: one row.
            (new LocalDate(2026, 1, 20), JournalEntryKind.InterestBilled, 193.33m, 193.3333333333333333m),
            (new LocalDate(2026, 1, 21), JournalEntryKind.Repayment, 193.33m, 0m),
        ], journal.Select(e => (e.BusinessDate, e.Kind, e.Amount.Amount, e.Accrued.Amount)));
        // Accrued 193.3333… and billed 193.33 (the residue under a 分 goes with the billing, as every night): net zero.
        Assert.Equal(Money.Zero, journal[1].Change.AccruedInterest);
        Assert.Equal(new Money(193.33m), journal[1].Change.BilledInterest);
        Assert.Equal("2026012020260121P", line.BillRecord.ToString()); // decided at the close of 21 Jan: paid on time
        // Its last close was the reminder of 17 Feb (3 days before the due date of 21 Feb), which planned a notice only.
        Assert.Equal(new LocalDate(2026, 2, 17), line.LastClosedDate);
        Assert.Equal(new LocalDate(2026, 1, 20), line.AccruedThrough); // 21 Jan onwards in closed form
        // Read on 20 Feb (after the close of 19 Feb): 30 days (21 Jan – 19 Feb) × 100,000 × 0.0435 / 360.
        Assert.Equal(362.50m, line.ViewOn(new LocalDate(2026, 2, 20)).AccruedInterest.Amount);
        Assert.Equal(new LocalDate(2026, 1, 20), line.AccruedThrough); // the read changed nothing
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. CatchUp refuses to pass over an event day whose close has not run.

    [Fact]
    public void CatchUp_OverASkippedEventDay_IsRefusedAndChangesNothing()
    {
        // Opened 5 Jan 2026, 100,000.00 drawn; closed through 10 Jan. Its next event is the settlement of 20 Jan
        // (the default cadence's interest reminder for the due date 21 Jan goes out on 18 Jan: close of 17 Jan).
        var line = Lines.Open(new LocalDate(2026, 1, 5));
        line.Draw(Guid.NewGuid(), 100_000m, line.Today());
        for (var d = new LocalDate(2026, 1, 5); d <= new LocalDate(2026, 1, 10); d = d.PlusDays(1))
            if (d >= line.NextEventDate) line.CloseEventDay(d, ProductSettings.Default, NoticeCadence.Default);
        Assert.Equal(new LocalDate(2026, 1, 17), line.NextEventDate);

        // Catching up to the open day 18 Jan (through 17 Jan) is refused: the close of 17 Jan has not run.
        var next = line.NextEventDate;
        var refused = line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () => line.CatchUp(new LocalDate(2026, 1, 18)));
        Assert.Contains("2026-01-17", refused.Message);
        Assert.Equal(next, line.NextEventDate);
        // Far past the settlement too, and a posting that would catch up first is refused the same way.
        line.AssertRefusedUnchanged(ErrorCodes.BusinessDateMismatch, () => line.CatchUp(new LocalDate(2026, 2, 1)));
        Assert.Equal(next, line.NextEventDate);
        // Up to the event itself is fine: through 16 Jan, 17 Jan is the open day.
        line.CatchUp(new LocalDate(2026, 1, 17));
        Assert.Equal(new LocalDate(2026, 1, 16), line.LastClosedDate);
        Assert.Equal(new LocalDate(2026, 1, 17), line.NextEventDate);
    }
}
