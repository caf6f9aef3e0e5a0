using LoanService.Domain.Borrowers;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Jobs.Tests.Support;

/// <summary>The people and the programme of the close's subsidy tests, added to a context to be saved with the lines.</summary>
public static class SubsidyFixtures
{
    private static readonly Instant Created = Instant.FromUtc(2026, 1, 1, 0, 0);

    /// <summary>A cooperative of Fuding and one borrower of it, a party member in difficulty (no SMS).</summary>
    public static Borrower AddPartyMember(LoanServiceDbContext db, Guid cooperative, Guid borrower)
    {
        db.Cooperatives.Add(new Cooperative { Id = cooperative, Name = "福鼎市农村信用合作联社", Signature = "福鼎农信", CreatedAt = Created });
        var member = Borrower.Register(borrower, cooperative, "林秀英", "35098219750302001" + ResidentId.CheckCharacter("35098219750302001"),
            "13800000000", "350982100", "桐城街道第一党支部", inDifficulty: true, registeredPoor: false, smsOptOut: true);
        db.Borrowers.Add(member);
        return member;
    }

    /// <summary>
    /// The county's programme for 2026 with <paramref name="budget"/>, accepted by <paramref name="cooperative"/>: a 3%
    /// fixed rate on at most 200,000.00, 直接贴息, forfeited on late payment, not covering extended lines.
    /// </summary>
    public static SubsidyProgram AddProgramme(LoanServiceDbContext db, Guid id, Guid department, Guid cooperative, decimal budget)
    {
        var program = SubsidyProgram.Create(id, department, "350982", "党员先锋贷贴息", "中共福鼎市委组织部", "350982", [cooperative],
            new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), budget, null,
            new SubsidyRateRule(SubsidyRateRuleKind.FixedRate, 0.03m), SubsidyMode.LenderClaims, true, false, Created);
        program.Accept(cooperative);
        db.SubsidyPrograms.Add(program);
        return program;
    }
}
