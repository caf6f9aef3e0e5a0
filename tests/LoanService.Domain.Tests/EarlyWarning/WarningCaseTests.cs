using LoanService.Domain.CreditLines;
using LoanService.Domain.EarlyWarning;
using NodaTime;

namespace LoanService.Domain.Tests.EarlyWarning;

/// <summary>The case of a borrower in trouble: 发现 → 帮扶责任人 → 帮扶记录 → 解除, and what it refuses.</summary>
public class WarningCaseTests
{
    private static readonly Guid Department = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid OtherDepartment = Guid.Parse("00000000-0000-0000-0000-0000000000d2");
    private static readonly LocalDate Opened = new(2026, 1, 22);
    private static readonly Instant At = Instant.FromUtc(2026, 1, 21, 16, 0);
    private const string Key = "key:1234";

    private static (WarningCase Case, Warning Warning) Found()
    {
        var c = WarningCase.Open(Guid.NewGuid(), Department, Guid.NewGuid(), Guid.NewGuid(), Opened, At);
        var facts = new LineFacts(Guid.NewGuid(), c.BorrowerId, c.CooperativeId, Guid.NewGuid(), CreditLineStatus.Active,
            new LocalDate(2027, 1, 5), new LocalDate(2027, 1, 5), new Money(100_000m), new Money(193.33m),
            new LocalDate(2026, 1, 21), Classification.SpecialMention, "", Money.Zero);
        var w = Warning.Raise(Guid.NewGuid(), facts, Department, c.Id,
            new Signal(WarningKind.PastDue, WarningSeverity.Medium, new Money(193.33m), 1, "since=2026-01-21"), Opened);
        c.Add(w, At);
        return (c, w);
    }

    [Fact]
    public void Lifecycle_AssignHelpThenWarningsClear_ResolvesByItselfWithEveryChangeRecorded()
    {
        var (c, w) = Found();
        Assert.Equal(CaseState.Found, c.State);
        Assert.Equal(WarningSeverity.Medium, c.Severity);

        c.AssignHelper(Department, "李明", "村党支部书记", Key, new LocalDate(2026, 1, 23), At + Duration.FromDays(1));
        Assert.Equal(CaseState.Assigned, c.State);
        c.RecordHelp(Department, new LocalDate(2026, 1, 24), "入户走访", "已联系家属，月底前还款", Key, new LocalDate(2026, 1, 24), At + Duration.FromDays(2));
        Assert.Equal(CaseState.Helped, c.State);
        Assert.Equal(new LocalDate(2026, 1, 24), c.LastHelpedOn);

        w.Clear(new LocalDate(2026, 1, 27));
        c.Cleared(w, At + Duration.FromDays(5));
        c.Settle([], new LocalDate(2026, 1, 27), At + Duration.FromDays(5));
        Assert.Equal(CaseState.Resolved, c.State);
        Assert.False(c.ResolvedByDepartment);
        Assert.Equal(5, c.DaysOpen(new LocalDate(2026, 3, 1))); // 22 → 27 January; resolved cases stop counting

        Assert.Equal(
            [CaseChangeKind.Opened, CaseChangeKind.WarningAdded, CaseChangeKind.HelperAssigned, CaseChangeKind.HelpRecorded,
                CaseChangeKind.WarningCleared, CaseChangeKind.Resolved],
            c.Changes.Select(x => x.Kind));
        Assert.Equal([WarningCase.System, WarningCase.System, Key, Key, WarningCase.System, WarningCase.System],
            c.Changes.Select(x => x.Actor));
        var help = c.Changes.Single(x => x.Kind == CaseChangeKind.HelpRecorded);
        Assert.Equal(("入户走访", "已联系家属，月底前还款", new LocalDate(2026, 1, 24)), (help.Action, help.Note, help.HelpDate));
    }

    [Fact]
    public void Settle_WarningsStillOpen_KeepsTheCaseOpenAtTheWorstSeverity()
    {
        var (c, w) = Found();
        w.Refresh(new Signal(WarningKind.PastDue, WarningSeverity.High, new Money(193.33m), 30, "since=2026-01-21"), new LocalDate(2026, 2, 20));
        c.Settle([w], new LocalDate(2026, 2, 20), At);
        Assert.Equal((CaseState.Found, WarningSeverity.High), (c.State, c.Severity));
    }

    [Fact]
    public void Resolve_Twice_RefusedAsAlreadyResolved()
    {
        var (c, _) = Found();
        c.Resolve(Department, "借款人已外出务工，由家属代为还款", Key, new LocalDate(2026, 1, 25), At);
        Assert.True(c.ResolvedByDepartment);
        var refused = Assert.Throws<DomainException>(() => c.Resolve(Department, "再次解除", Key, new LocalDate(2026, 1, 26), At));
        Assert.Equal(ErrorCodes.CaseAlreadyResolved, refused.Code);
        Assert.Equal(new LocalDate(2026, 1, 25), c.ResolvedOn);
        Assert.Equal("借款人已外出务工，由家属代为还款", c.ResolutionReason);
    }

    [Fact]
    public void AssignHelper_ResolvedCase_Refused()
    {
        var (c, _) = Found();
        c.Resolve(Department, "已结清", Key, new LocalDate(2026, 1, 25), At);
        var changes = c.Changes.Count;
        var refused = Assert.Throws<DomainException>(() => c.AssignHelper(Department, "李明", "书记", Key, new LocalDate(2026, 1, 26), At));
        Assert.Equal(ErrorCodes.CaseResolved, refused.Code);
        Assert.Null(c.HelperName);
        Assert.Equal(changes, c.Changes.Count);
    }

    [Fact]
    public void AnyAction_AnotherDepartmentsCase_RefusedAsNotFound()
    {
        var (c, _) = Found();
        foreach (var act in new Action[]
                 {
                     () => c.AssignHelper(OtherDepartment, "李明", "书记", Key, Opened, At),
                     () => c.RecordHelp(OtherDepartment, Opened, "走访", null, Key, Opened, At),
                     () => c.Resolve(OtherDepartment, "已结清", Key, Opened, At),
                 })
        {
            var refused = Assert.Throws<DomainException>(act);
            Assert.Equal((ErrorCodes.CaseNotFound, RefusalKind.NotFound), (refused.Code, refused.Kind));
        }
        Assert.Equal(CaseState.Found, c.State);
    }

    [Fact]
    public void RecordHelp_BeforeAHelperIsAssigned_Refused()
    {
        var (c, _) = Found();
        var refused = Assert.Throws<DomainException>(() => c.RecordHelp(Department, Opened, "走访", null, Key, Opened, At));
        Assert.Equal(ErrorCodes.CaseNoHelper, refused.Code);
    }

    [Theory]
    [InlineData(2026, 1, 21)] // before the case opened on the 22nd
    [InlineData(2026, 1, 25)] // after today, the 24th
    public void RecordHelp_DateOutsideTheCase_RefusedNamingTheField(int y, int m, int d)
    {
        var (c, _) = Found();
        c.AssignHelper(Department, "李明", "书记", Key, Opened, At);
        var refused = Assert.Throws<DomainException>(() =>
            c.RecordHelp(Department, new LocalDate(y, m, d), "走访", null, Key, new LocalDate(2026, 1, 24), At));
        Assert.Equal((ErrorCodes.CaseHelpInvalid, "date"), (refused.Code, refused.Field));
        Assert.Equal(CaseState.Assigned, c.State);
    }

    [Fact]
    public void RecordHelp_NoteWithAMobileNumber_StoredMasked()
    {
        var (c, _) = Found();
        c.AssignHelper(Department, "李明", "书记", Key, Opened, At);
        c.RecordHelp(Department, Opened, "电话回访", "家属电话 13812345678", Key, Opened, At);
        Assert.Equal("家属电话 138****5678", c.Changes[^1].Note);
    }

    [Fact]
    public void AssignHelper_NameMissing_RefusedNamingTheField()
    {
        var (c, _) = Found();
        var refused = Assert.Throws<DomainException>(() => c.AssignHelper(Department, " ", "书记", Key, Opened, At));
        Assert.Equal((ErrorCodes.CaseHelperInvalid, "helperName"), (refused.Code, refused.Field));
        Assert.Equal(CaseState.Found, c.State);
    }
}
