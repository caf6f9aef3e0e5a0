using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>
/// A line's classification history: each change of class the close decides is recorded as
/// (effective date, from, to), the effective date being the day after the close that decided it, and
/// the class on any date follows from the changes (<see cref="ClassificationHistory.On"/>).
/// </summary>
public class ClassificationHistoryTests
{
    private static readonly LocalDate Start = new(2026, 1, 5);

    /// <summary>
    /// 100000 drawn 5 Jan 2026 on a 24-month line, no bill paid: the 20 Jan bill (due 21 Jan) turns overdue at
    /// the close of 21 Jan, so 22 Jan is 1 day past due (关注) and 22 Apr 91 days (次级). Everything overdue is
    /// paid on 22 Apr, whose close is the first clean one (C = 22 Apr): 次级 holds until C + 6 months = 22 Oct.
    /// </summary>
    private static ClassificationChange[] Expected(Guid lineId) =>
    [
        new(lineId, new LocalDate(2026, 1, 22), Classification.Normal, Classification.SpecialMention),
        new(lineId, new LocalDate(2026, 4, 22), Classification.SpecialMention, Classification.Substandard),
        new(lineId, new LocalDate(2026, 10, 22), Classification.Substandard, Classification.Normal),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Close_SpecialMentionThenSubstandardCuredAndReleased_RecordsEachChangeOnceOnItsEffectiveDate(bool eventDriven)
    {
        var line = Lines.Open(Start, termMonths: 24);
        line.Draw(100_000m);
        var taken = new List<ClassificationChange>();

        Close(line, Start, new LocalDate(2026, 4, 21), eventDriven, payBills: false, taken);
        Assert.Equal(Classification.Substandard, line.Classification);
        var quote = line.PayoffOn(new LocalDate(2026, 4, 22));
        line.Repay(Guid.NewGuid(), (quote.PenaltyInterest + quote.OverdueInterest).Amount, new LocalDate(2026, 4, 22));
        Assert.Empty(line.PendingClassificationChanges); // a repayment changes no class: the next close decides
        Close(line, new LocalDate(2026, 4, 22), new LocalDate(2026, 10, 20), eventDriven, payBills: true, taken);
        Assert.Equal(Classification.Substandard, line.Classification); // held, for 21 Oct
        Close(line, new LocalDate(2026, 10, 21), new LocalDate(2026, 12, 31), eventDriven, payBills: true, taken);
        Assert.Equal(Classification.Normal, line.Classification);

        Assert.Equal(Expected(line.Id), taken);
        Assert.Empty(line.TakeClassificationChanges()); // taken once
    }

    [Fact]
    public void On_DatesBetweenChanges_GiveTheClassInEffectThen()
    {
        var id = Guid.NewGuid();
        var changes = Expected(id);
        var now = Classification.Normal;
        Assert.Equal(Classification.Normal, ClassificationHistory.On(changes, now, Start));
        Assert.Equal(Classification.Normal, ClassificationHistory.On(changes, now, new LocalDate(2026, 1, 21)));
        Assert.Equal(Classification.SpecialMention, ClassificationHistory.On(changes, now, new LocalDate(2026, 1, 22)));
        Assert.Equal(Classification.SpecialMention, ClassificationHistory.On(changes, now, new LocalDate(2026, 3, 1)));
        Assert.Equal(Classification.SpecialMention, ClassificationHistory.On(changes, now, new LocalDate(2026, 4, 21)));
        Assert.Equal(Classification.Substandard, ClassificationHistory.On(changes, now, new LocalDate(2026, 4, 22)));
        Assert.Equal(Classification.Substandard, ClassificationHistory.On(changes, now, new LocalDate(2026, 10, 21)));
        Assert.Equal(Classification.Normal, ClassificationHistory.On(changes, now, new LocalDate(2026, 10, 22)));
        Assert.Equal(Classification.Normal, ClassificationHistory.On(changes, now, new LocalDate(2027, 6, 1)));
    }

    [Fact]
    public void On_LineUpgradedWithoutHistory_IsItsCurrentClassAndBeforeTheFirstChangeItsFrom()
    {
        var id = Guid.NewGuid();
        // No change recorded (a line opened before the history was kept): its class now, on any date.
        Assert.Equal(Classification.Doubtful, ClassificationHistory.On([], Classification.Doubtful, Start));
        Assert.Equal(Classification.Doubtful, ClassificationHistory.On([], Classification.Doubtful, new LocalDate(2026, 12, 1)));
        // Its first recorded change after the upgrade: before it, its From.
        ClassificationChange[] afterUpgrade =
            [new(id, new LocalDate(2026, 12, 2), Classification.Doubtful, Classification.Loss)];
        Assert.Equal(Classification.Doubtful, ClassificationHistory.On(afterUpgrade, Classification.Loss, Start));
        Assert.Equal(Classification.Doubtful, ClassificationHistory.On(afterUpgrade, Classification.Loss, new LocalDate(2026, 12, 1)));
        Assert.Equal(Classification.Loss, ClassificationHistory.On(afterUpgrade, Classification.Loss, new LocalDate(2026, 12, 2)));
    }

    [Fact]
    public void Close_QuietDays_RecordNoChange()
    {
        var line = Lines.Open(Start);
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 6, 30));
        Assert.Equal(Classification.Normal, line.Classification);
        Assert.Empty(line.PendingClassificationChanges);
        Assert.Empty(line.TakeClassificationChanges());
    }

    [Fact]
    public void Renew_ExtendedLineAtItsFloor_SuccessorStartsNormalWithNoChange()
    {
        var line = Lines.Open(Start, termMonths: 6); // matures 5 Jul
        line.Draw(100_000m);
        line.CloseThroughPayingBills(new LocalDate(2026, 6, 21));
        line.Extend(new LocalDate(2026, 12, 5), new LocalDate(2026, 6, 22));
        line.CloseDay(new LocalDate(2026, 6, 22), ProductSettings.Default);
        Assert.Equal(
            [new ClassificationChange(line.Id, new LocalDate(2026, 6, 23), Classification.Normal, Classification.SpecialMention)],
            line.TakeClassificationChanges());

        line.CloseThroughPayingBills(new LocalDate(2026, 11, 20));
        var quote = line.PayoffOn(line.Today());
        if (quote.BilledInterest.IsPositive) line.Repay(quote.BilledInterest.Amount);
        var successor = line.Renew(Guid.NewGuid(), new Money(120_000m), new AnnualRate(0.04m), 12, line.Today(),
            ProductSettings.Default);

        Assert.Equal(Classification.SpecialMention, line.Classification); // the renewed line keeps its last class
        Assert.Empty(line.PendingClassificationChanges);
        Assert.Equal(Classification.Normal, successor.Classification);
        Assert.Empty(successor.PendingClassificationChanges);
        Assert.Equal(Classification.Normal, ClassificationHistory.On([], successor.Classification, successor.StartDate));
        successor.CloseThroughPayingBills(successor.StartDate.PlusDays(40));
        Assert.Empty(successor.PendingClassificationChanges);
    }

    [Fact]
    public void ViewOn_LineWithPendingChanges_ViewHasNoneAndLineKeepsItsOwn()
    {
        // A line whose 积数 stop short of the date it is read on is viewed through a copy.
        var eventLine = Lines.Open(Start, termMonths: 24);
        eventLine.Draw(100_000m);
        CloseEventDriven(eventLine, Start, new LocalDate(2026, 1, 21), payBills: false, taken: null);
        var pendingOnEvent = eventLine.PendingClassificationChanges.ToArray(); // 关注 from 22 Jan, not yet taken
        Assert.Equal([new ClassificationChange(eventLine.Id, new LocalDate(2026, 1, 22), Classification.Normal,
            Classification.SpecialMention)], pendingOnEvent);
        var view = eventLine.ViewOn(new LocalDate(2026, 1, 25)); // its next event is later: a quiet date
        Assert.NotSame(eventLine, view);
        Assert.Empty(view.PendingClassificationChanges);
        Assert.Equal(pendingOnEvent, eventLine.PendingClassificationChanges);
    }

    private static void Close(CreditLine line, LocalDate from, LocalDate through, bool eventDriven, bool payBills,
        List<ClassificationChange> taken)
    {
        if (eventDriven)
        {
            CloseEventDriven(line, from, through, payBills, taken);
            return;
        }
        if (payBills) line.CloseThroughPayingBills(through);
        else line.CloseThrough(through);
        taken.AddRange(line.TakeClassificationChanges());
    }

    /// <summary>As the event-driven close does: a line is closed only on its next event, brought up to date before a posting.</summary>
    private static void CloseEventDriven(CreditLine line, LocalDate from, LocalDate through, bool payBills,
        List<ClassificationChange>? taken)
    {
        for (var d = from; d <= through; d = d.PlusDays(1))
        {
            var due = line.Bills.Where(b => !b.Overdue && b.DueDate == d).Sum(b => b.Unpaid.Amount);
            if (payBills && due > 0m && !line.HasOverdue)
            {
                line.CatchUp(d);
                line.Repay(Guid.NewGuid(), due, d);
            }
            if (line.NextEventDate == d)
                line.CloseEventDay(d, ProductSettings.Default, NoticeCadence.Default);
            taken?.AddRange(line.TakeClassificationChanges());
        }
    }
}
