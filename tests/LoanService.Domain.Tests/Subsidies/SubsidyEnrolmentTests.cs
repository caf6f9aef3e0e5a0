using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Domain.Tests.CreditLines;
using NodaTime;

namespace LoanService.Domain.Tests.Subsidies;

/// <summary>Who may join a programme, and what a programme must be (docs/rules.md §6).</summary>
public class SubsidyEnrolmentTests
{
    private static readonly LocalDate Start = new(2026, 1, 5);

    [Fact]
    public void EnrolInSubsidy_EligibleBorrower_TakesTheProgrammesModeRateAndCap()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), SubsidyMode.BorrowerRefund, principalCap: 150_000m);
        var line = Lines.Open(Start);

        line.EnrolInSubsidy(program, Programs.Borrower(), Start);

        Assert.Equal((program.Id, SubsidyMode.BorrowerRefund, 0.03m, new Money(150_000m)),
            (line.SubsidyProgramId, line.SubsidyMode, line.SubsidyRate, line.SubsidyCap));
        Assert.Equal(Money.Zero, program.Committed); // nothing is used until a close accrues
    }

    [Fact]
    public void EnrolInSubsidy_CooperativeNotInTheProgramme_IsRefused()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m),
            cooperatives: [Guid.Parse("00000000-0000-0000-0000-00000000c002")]);

        AssertRefused(program, Programs.Borrower(), Start, ErrorCodes.SubsidyCooperativeNotInProgram);
    }

    [Fact]
    public void EnrolInSubsidy_CooperativeInvitedButNotAccepted_IsRefused_UntilItAccepts()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), accepted: false);

        AssertRefused(program, Programs.Borrower(), Start, ErrorCodes.SubsidyParticipationPending);
        program.Accept(Lines.Cooperative);
        var line = Lines.Open(Start);
        line.EnrolInSubsidy(program, Programs.Borrower(), Start);
        Assert.Equal(program.Id, line.SubsidyProgramId);
    }

    [Fact]
    public void Accept_CooperativeNotInvited_IsRefused()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));

        var refused = Assert.Throws<DomainException>(() => program.Accept(Guid.Parse("00000000-0000-0000-0000-00000000c002")));
        Assert.Equal(ErrorCodes.SubsidyParticipationNotInvited, refused.Code);
        Assert.Equal([Lines.Cooperative], program.AcceptedCooperativeIds);
    }

    [Fact]
    public void EnrolInSubsidy_BorrowerNotInDifficulty_IsRefused()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));

        AssertRefused(program, Programs.Borrower(inDifficulty: false), Start, ErrorCodes.SubsidyBorrowerNotInDifficulty);
    }

    [Theory]
    [InlineData("350982", "350982100", true)] // a township of the county
    [InlineData("350982", "350982100201", true)] // a village of it
    [InlineData("350982", "350981100", false)] // a township of the neighbouring county
    [InlineData("350982100", "350982100201", true)] // a township programme: its own village
    [InlineData("350982100", "350982101001", false)] // a village of the next township
    [InlineData("350982100", "350982", false)] // the whole county is not inside one township
    public void EnrolInSubsidy_BorrowerRegion_MustLieInsideTheProgrammesRegion(string programRegion, string borrowerRegion,
        bool inside)
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), region: programRegion);
        var borrower = Programs.Borrower(region: borrowerRegion);

        if (inside)
        {
            var line = Lines.Open(Start);
            line.EnrolInSubsidy(program, borrower, Start);
            Assert.Equal(program.Id, line.SubsidyProgramId);
        }
        else
        {
            AssertRefused(program, borrower, Start, ErrorCodes.SubsidyBorrowerOutsideRegion);
        }
    }

    [Theory]
    [InlineData(2026, 1, 9, false)]
    [InlineData(2026, 1, 10, true)] // the first day
    [InlineData(2026, 2, 10, true)] // the last day
    [InlineData(2026, 2, 11, false)]
    public void EnrolInSubsidy_Date_MustBeWithinTheProgrammesDates(int year, int month, int day, bool within)
    {
        var program = Programs.Create(Programs.FixedRate(0.03m), start: new LocalDate(2026, 1, 10), end: new LocalDate(2026, 2, 10));
        var date = new LocalDate(year, month, day);

        if (within)
        {
            var line = Lines.Open(date);
            line.EnrolInSubsidy(program, Programs.Borrower(), date);
            Assert.Equal(program.Id, line.SubsidyProgramId);
        }
        else
        {
            AssertRefused(program, Programs.Borrower(), date, ErrorCodes.SubsidyOutsideProgramDates);
        }
    }

    [Fact]
    public void EnrolInSubsidy_ExhaustedProgramme_IsRefused()
    {
        // 3.00% on 100000 is 8.3333… a day: 5 Jan's close uses all of an 8.00 budget.
        var program = Programs.Create(Programs.FixedRate(0.03m), budget: 8.00m);
        var line = Programs.OpenEnrolled(program, Start, 100_000m);
        line.CloseThrough(Start, new SubsidyBudget([program]));
        Assert.True(program.IsExhausted);

        AssertRefused(program, Programs.Borrower(), Start.PlusDays(1), ErrorCodes.SubsidyProgramExhausted);
    }

    [Fact]
    public void EnrolInSubsidy_AlreadyEnrolled_IsRefusedEvenForAnotherProgramme()
    {
        var first = Programs.Create(Programs.FixedRate(0.03m));
        var second = Programs.Create(Programs.ShareOfInterest(0.5m));
        var line = Lines.Open(Start);
        line.EnrolInSubsidy(first, Programs.Borrower(), Start);

        Assert.Equal(ErrorCodes.SubsidyAlreadyEnrolled,
            Assert.Throws<DomainException>(() => line.EnrolInSubsidy(first, Programs.Borrower(), Start)).Code);
        Assert.Equal(ErrorCodes.SubsidyAlreadyEnrolled,
            Assert.Throws<DomainException>(() => line.EnrolInSubsidy(second, Programs.Borrower(), Start)).Code);
        Assert.Equal((first.Id, 0.03m), (line.SubsidyProgramId, line.SubsidyRate));
    }

    [Fact]
    public void EnrolInSubsidy_ClosedLine_IsRefused()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m));
        var line = Lines.Open(Start, termMonths: 1); // matures 5 Feb with nothing drawn: closed at that close
        line.CloseThrough(new LocalDate(2026, 2, 5));
        Assert.Equal(CreditLineStatus.Closed, line.Status);

        var refused = Assert.Throws<DomainException>(() => line.EnrolInSubsidy(program, Programs.Borrower(), line.Today()));

        Assert.Equal(ErrorCodes.LineNotActive, refused.Code);
        Assert.Null(line.SubsidyProgramId);
    }

    [Fact]
    public void EnrolInSubsidy_SeveralReasons_ReportsTheCooperativeFirst()
    {
        var program = Programs.Create(Programs.FixedRate(0.03m),
            cooperatives: [Guid.Parse("00000000-0000-0000-0000-00000000c002")], end: new LocalDate(2026, 1, 31));

        AssertRefused(program, Programs.Borrower(inDifficulty: false, region: "350981100"), new LocalDate(2026, 2, 1),
            ErrorCodes.SubsidyCooperativeNotInProgram);
    }

    [Fact]
    public void Create_InvalidProgramme_IsRefusedWithItsCode()
    {
        Assert.Equal(ErrorCodes.SubsidyDatesInvalid, Refusal(() => Programs.Create(Programs.FixedRate(0.03m),
            start: new LocalDate(2026, 2, 1), end: new LocalDate(2026, 1, 31))));
        Assert.Equal(ErrorCodes.SubsidyBudgetInvalid, Refusal(() => Programs.Create(Programs.FixedRate(0.03m), budget: 0m)));
        Assert.Equal(ErrorCodes.SubsidyBudgetInvalid, Refusal(() => Programs.Create(Programs.FixedRate(0.03m), budget: 100.001m)));
        Assert.Equal(ErrorCodes.SubsidyProgramInvalid, Refusal(() => Programs.Create(Programs.FixedRate(0.03m), principalCap: 0m)));
        Assert.Equal(ErrorCodes.SubsidyProgramInvalid, Refusal(() => Programs.Create(Programs.FixedRate(0.03m), cooperatives: [])));
        // the department is 福鼎市 (350982): a programme for 福安市 (350981) is not its to fund
        Assert.Equal(ErrorCodes.SubsidyRegionOutsideDepartment,
            Refusal(() => Programs.Create(Programs.FixedRate(0.03m), region: "350981")));
        Assert.Equal(ErrorCodes.RegionCodeInvalid, Refusal(() => Programs.Create(Programs.FixedRate(0.03m), region: "35098")));
    }

    /// <summary>A new line of the test borrower asks to join on <paramref name="date"/>: refused, and left unenrolled.</summary>
    private static void AssertRefused(SubsidyProgram program, Domain.Borrowers.Borrower borrower, LocalDate date, string code)
    {
        var line = Lines.Open(date);
        var committed = program.Committed;

        var refused = Assert.Throws<DomainException>(() => line.EnrolInSubsidy(program, borrower, date));

        Assert.Equal(code, refused.Code);
        Assert.Equal(RefusalKind.Rule, refused.Kind);
        Assert.Null(line.SubsidyProgramId);
        Assert.Equal(0m, line.SubsidyRate);
        Assert.Equal(committed, program.Committed);
    }

    private static string Refusal(Action act) => Assert.Throws<DomainException>(act).Code;
}
