using LoanService.Domain.CreditLines;
using LoanService.Domain.EarlyWarning;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.EarlyWarning;

/// <summary>
/// Each signal on a real line, its dates worked by hand. The line throughout: 100,000.00 drawn on
/// Monday 5 January 2026 at 4.35% for 12 months (maturity 5 January 2027), settled on the 20th:
/// the first bill is 16 days × 100,000 × 0.0435 / 360 = 193.33, billed at the close of 20 January and
/// due on the 21st. Facts after the close of D are read for D + 1, the first date they hold for.
/// </summary>
public class SignalTests
{
    private static readonly Guid Program = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly LocalDate Start = new(2026, 1, 5);

    private static CreditLine Drawn()
    {
        var line = Lines.Open(Start);
        line.Draw(100_000m);
        return line;
    }

    /// <summary>The signals of the line as they hold on the day after its last close.</summary>
    private static IReadOnlyList<Signal> After(CreditLine line, WarningThresholds? t = null, Money forfeited = default,
        bool forfeitedOpen = false) =>
        Signals.For(LineFacts.Of(line, Program, forfeited), line.Today(), t ?? WarningThresholds.Default, forfeitedOpen);

    private static Signal? Of(IEnumerable<Signal> signals, WarningKind kind) => signals.SingleOrDefault(s => s.Kind == kind);

    [Fact]
    public void PastDue_BillUnpaidAtItsDueDate_AriseTheNextDayAndClearsWhenPaid()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 1, 20));
        Assert.Empty(After(line)); // 21 January: billed, due today, not late yet

        line.CloseThrough(new LocalDate(2026, 1, 21)); // unpaid at the close of its due date: overdue
        var pastDue = Of(After(line), WarningKind.PastDue)!;
        Assert.Equal(new LocalDate(2026, 1, 22), line.Today());
        Assert.Equal(1, pastDue.DaysPastDue); // 22 − 21 January
        Assert.Equal(193.33m, pastDue.AmountOverdue.Amount);
        Assert.Equal(WarningSeverity.Medium, pastDue.Severity);
        Assert.Null(Of(After(line), WarningKind.PastDue30));

        line.Repay(193.33m); // 22 January: compound interest accrues only from this day's close, so 193.33 clears it
        line.CloseThrough(new LocalDate(2026, 1, 22));
        Assert.Null(Of(After(line), WarningKind.PastDue));
    }

    [Fact]
    public void PastDue30_DaysPastDueReachThirty_AriseOn20February()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 2, 18));
        Assert.Null(Of(After(line), WarningKind.PastDue30)); // 19 February: 29 days past 21 January

        line.CloseThrough(new LocalDate(2026, 2, 19));
        var serious = Of(After(line), WarningKind.PastDue30)!; // 20 February: 30 days
        Assert.Equal(30, serious.DaysPastDue);
        Assert.Equal(WarningSeverity.High, serious.Severity);
        Assert.NotNull(Of(After(line), WarningKind.PastDue));
    }

    [Fact]
    public void PastDue90_DaysPastDueReachNinety_AriseOn21AprilAndClearWhenEverythingOverdueIsPaid()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 4, 19));
        Assert.Null(Of(After(line), WarningKind.PastDue90)); // 20 April: 89 days (10 + 28 + 31 + 20)

        line.CloseThrough(new LocalDate(2026, 4, 20));
        var critical = Of(After(line), WarningKind.PastDue90)!; // 21 April: 90 days
        Assert.Equal(90, critical.DaysPastDue);
        Assert.Equal(WarningSeverity.Critical, critical.Severity);

        // 21 April: the overdue and penalty interest, and April's bill due today, so nothing turns overdue tonight.
        var quote = line.PayoffOn(line.Today());
        line.Repay((quote.PenaltyInterest + quote.OverdueInterest + quote.BilledInterest).Amount);
        line.CloseThrough(new LocalDate(2026, 4, 21));
        var after = After(line);
        Assert.Null(Of(after, WarningKind.PastDue90));
        Assert.Null(Of(after, WarningKind.PastDue30));
        Assert.Null(Of(after, WarningKind.PastDue));
    }

    [Fact]
    public void Classified_WorseThanNormal_SeverityFollowsTheClassAndHoldsWhileTheClassDoes()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 1, 21));
        var watch = Of(After(line), WarningKind.Classified)!; // 关注 from DPD 1
        Assert.Equal("class=SpecialMention", watch.Detail);
        Assert.Equal(WarningSeverity.Medium, watch.Severity);

        line.CloseThrough(new LocalDate(2026, 4, 21)); // 22 April: 91 days past due → 次级
        Assert.Equal(Classification.Substandard, line.Classification);
        Assert.Equal(WarningSeverity.High, Of(After(line), WarningKind.Classified)!.Severity);

        // Paid: 次级 is held six months after the first clean close, and so is the warning, while the past-due ones clear.
        var quote = line.PayoffOn(line.Today());
        line.Repay((quote.PenaltyInterest + quote.OverdueInterest).Amount);
        line.CloseThrough(new LocalDate(2026, 4, 22));
        Assert.NotNull(Of(After(line), WarningKind.Classified));
        Assert.Null(Of(After(line), WarningKind.PastDue));
    }

    [Fact]
    public void MaturityNear_ThirtyDaysBeforeMaturity_AriseOn6DecemberAndClearWhenThePrincipalIsRepaid()
    {
        var line = Drawn();
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 4));
        Assert.Null(Of(After(line), WarningKind.MaturityNear)); // 5 December: 31 days before 5 January 2027

        line.CloseThroughPayingBills(new LocalDate(2026, 12, 5));
        var near = Of(After(line), WarningKind.MaturityNear)!; // 6 December: 30 days (25 + 5)
        Assert.Equal("maturity=2027-01-05;days=30;principal=100000.00", near.Detail);
        Assert.Equal(WarningSeverity.Low, near.Severity);

        line.Repay(100_000m);
        Assert.Null(Of(After(line), WarningKind.MaturityNear));
    }

    [Fact]
    public void MaturityNear_LineExtended_Clears()
    {
        var line = Drawn();
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 20));
        Assert.NotNull(Of(After(line), WarningKind.MaturityNear));
        line.Extend(new LocalDate(2027, 1, 20), line.Today()); // an extension asked for: the cooperative is on it
        Assert.Null(Of(After(line), WarningKind.MaturityNear));
    }

    [Fact]
    public void MaturityNear_ProgrammeWindowOfTenDays_AriseOn26December()
    {
        var line = Drawn();
        var tenDays = WarningThresholds.Default with { MaturityWindowDays = 10 };
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 24));
        Assert.Null(Of(After(line, tenDays), WarningKind.MaturityNear)); // 25 December: 11 days (6 + 5)
        line.CloseThroughPayingBills(new LocalDate(2026, 12, 25));
        Assert.Equal("maturity=2027-01-05;days=10;principal=100000.00", Of(After(line, tenDays), WarningKind.MaturityNear)!.Detail);
    }

    [Fact]
    public void LateBills_TwoOfTheLastThreeLate_AriseOn22MarchAndClearAfterTwoOnTime()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 1, 21)); // January's bill (193.33) unpaid at the close of the 21st: late
        PayOverdue(line);
        line.CloseThroughPayingBills(new LocalDate(2026, 3, 20)); // February's paid on its due date
        line.CloseThrough(new LocalDate(2026, 3, 21)); // March's late
        Assert.Equal("LPL", Outcomes(line));
        var late = Of(After(line), WarningKind.LateBills)!;
        Assert.Equal("late=2/3", late.Detail);

        PayOverdue(line);
        line.CloseThroughPayingBills(new LocalDate(2026, 4, 21)); // April's on time: February P, March L, April P
        Assert.Null(Of(After(line), WarningKind.LateBills));
    }

    [Fact]
    public void LateBills_OnlyOneLate_NoWarning()
    {
        var line = Drawn();
        line.CloseThroughPayingBills(new LocalDate(2026, 2, 21));
        line.CloseThrough(new LocalDate(2026, 3, 21));
        Assert.Equal("PPL", Outcomes(line));
        Assert.Null(Of(After(line), WarningKind.LateBills));
    }

    [Fact]
    public void Frozen_ByTheCooperative_HoldsUntilUnfrozen()
    {
        var line = Drawn();
        line.Freeze();
        Assert.Equal(WarningKind.Frozen, Assert.Single(After(line)).Kind);
        line.Unfreeze();
        Assert.Empty(After(line));
    }

    [Fact]
    public void SubsidyForfeited_RaisedByTheForfeitureHoldsWhileOverdueAndClearsWhenPaid()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 1, 21)); // the day a period's subsidy (say 40.00) is forfeited
        var forfeited = Of(After(line, forfeited: new Money(40m)), WarningKind.SubsidyForfeited)!;
        Assert.Equal("forfeited=40.00", forfeited.Detail);
        Assert.Null(Of(After(line), WarningKind.SubsidyForfeited)); // no forfeiture, none open: nothing

        line.CloseThrough(new LocalDate(2026, 1, 25));
        Assert.NotNull(Of(After(line, forfeitedOpen: true), WarningKind.SubsidyForfeited)); // still overdue
        PayOverdue(line);
        line.CloseThrough(new LocalDate(2026, 1, 26));
        Assert.Null(Of(After(line, forfeitedOpen: true), WarningKind.SubsidyForfeited));
    }

    [Fact]
    public void For_ClosedLine_HasNoSignals()
    {
        var line = Drawn();
        line.CloseThrough(new LocalDate(2026, 1, 21));
        var facts = LineFacts.Of(line, Program) with { Status = CreditLineStatus.Renewed };
        Assert.Empty(Signals.For(facts, line.Today(), WarningThresholds.Default));
    }

    [Fact]
    public void Validate_ThresholdsNotRising_Refused()
    {
        var refused = Assert.Throws<DomainException>(() => (WarningThresholds.Default with { SeriousPastDueDays = 1 }).Validate());
        Assert.Equal(ErrorCodes.SettingsInvalid, refused.Code);
    }

    private static void PayOverdue(CreditLine line)
    {
        var quote = line.PayoffOn(line.Today());
        line.Repay((quote.PenaltyInterest + quote.OverdueInterest + quote.OverduePrincipal).Amount);
    }

    private static string Outcomes(CreditLine line) => string.Concat(line.BillRecord.Entries
        .Where(e => e.Outcome != BillOutcome.Pending).Select(e => e.Outcome == BillOutcome.Late ? 'L' : 'P'));
}
