using LoanService.Domain;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Subsidies;

/// <summary>
/// A programme as its funder asks for it: the required fields are checked once the department is found (an
/// unknown department is the first thing said), their values by <see cref="SubsidyProgram.Create"/>.
/// </summary>
public sealed record NewSubsidyProgram(Guid OrgDepartmentId, string? Name, string? Funder, string? RegionCode,
    IReadOnlyList<Guid>? CooperativeIds, LocalDate? StartDate, LocalDate? EndDate, decimal? Budget, decimal? PrincipalCap,
    (SubsidyRateRuleKind? Kind, decimal? Value)? RateRule, SubsidyMode? Mode, bool ForfeitOnLatePayment,
    bool CoversExtendedLines);

/// <summary>
/// 贴息项目: a department (or the operator for one) creates a programme, a cooperative accepts taking part,
/// and each party reads the programmes it may see.
/// </summary>
public sealed class SubsidyPrograms(LoanServiceDbContext db, BusinessCalendarStore calendar, IClock clock)
{
    /// <summary>At most this many cooperatives take part in one programme.</summary>
    public const int MaxCooperatives = 100;

    public async Task<SubsidyProgram> CreateAsync(NewSubsidyProgram request)
    {
        var department = await db.OrgDepartments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == request.OrgDepartmentId)
            ?? throw new NotFoundException("org_department.not_found", $"Organization department {request.OrgDepartmentId} was not found.");
        var start = request.StartDate ?? throw RequestValidationException.For("startDate", "startDate is required.");
        var end = request.EndDate ?? throw RequestValidationException.For("endDate", "endDate is required.");
        var budget = request.Budget ?? throw RequestValidationException.For("budget", "budget is required.");
        var rule = request.RateRule is { Kind: { } kind, Value: { } value }
            ? new SubsidyRateRule(kind, value)
            : throw RequestValidationException.For("rateRule", "rateRule with kind and value is required.");
        var mode = request.Mode ?? throw RequestValidationException.For("mode", "mode is required.");
        var cooperatives = request.CooperativeIds ?? throw RequestValidationException.For("cooperativeIds", "cooperativeIds is required.");
        if (cooperatives.Count > MaxCooperatives)
            throw RequestValidationException.For("cooperativeIds", $"At most {MaxCooperatives} cooperatives take part in one programme.");
        var known = await db.Cooperatives.AsNoTracking().Where(c => cooperatives.Contains(c.Id)).Select(c => c.Id).ToListAsync();
        if (cooperatives.Except(known).FirstOrDefault() is var unknown && unknown != Guid.Empty)
            throw RequestValidationException.For("cooperativeIds", $"Cooperative {unknown} is not registered.");

        var program = SubsidyProgram.Create(Guid.NewGuid(), department.Id, department.RegionCode, request.Name,
            request.Funder, request.RegionCode, cooperatives, start, end, budget,
            request.PrincipalCap, rule, mode, request.ForfeitOnLatePayment, request.CoversExtendedLines,
            clock.GetCurrentInstant());
        if (end < await calendar.CurrentAsync())
            throw new DomainException(ErrorCodes.SubsidyDatesInvalid, "The programme would end before the current business date.")
                { Field = "endDate" };
        db.SubsidyPrograms.Add(program);
        await db.SaveChangesAsync();
        return program;
    }

    /// <summary>
    /// The cooperative's consent: a department may invite any cooperative, but it takes part (enrols lines,
    /// shows in the department's figures by line) only once it accepts. A cooperative accepts for itself (it
    /// may leave <paramref name="named"/> out); the operator names the cooperative. Accepting again answers the same.
    /// </summary>
    public async Task<SubsidyProgram> AcceptAsync(Caller caller, Guid id, Guid? named)
    {
        var visible = await GetAsync(caller, id);
        var cooperativeId = caller.Role == ApiRole.Cooperative
            ? caller.CooperativeId
            : named ?? throw RequestValidationException.For("cooperativeId",
                "cooperativeId is required when the operator accepts for a cooperative.");
        if (caller.Role == ApiRole.Cooperative && named is { } other && other != cooperativeId)
            throw RequestValidationException.For("cooperativeId", "A cooperative accepts for itself: leave cooperativeId out or send your own.");
        var program = await db.SubsidyPrograms.SingleAsync(p => p.Id == visible.Id);
        program.Accept(cooperativeId);
        await db.SaveChangesAsync();
        return program;
    }

    /// <summary>The programmes the caller may see, oldest first.</summary>
    public async Task<IReadOnlyList<SubsidyProgram>> ListAsync(Caller caller) =>
        (await db.SubsidyPrograms.AsNoTracking().OrderBy(p => p.CreatedAt).ToListAsync()).Where(p => CanSee(caller, p)).ToList();

    /// <summary>A programme the caller may see; any other is not found.</summary>
    public Task<SubsidyProgram> GetAsync(Caller caller, Guid id) => VisibleAsync(db, caller, id);

    /// <summary>As <see cref="GetAsync"/>, in a unit of work a caller already holds.</summary>
    public static async Task<SubsidyProgram> VisibleAsync(LoanServiceDbContext db, Caller caller, Guid id)
    {
        var program = await db.SubsidyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id);
        return program is not null && CanSee(caller, program)
            ? program
            : throw new NotFoundException("subsidy_program.not_found", $"Subsidy programme {id} was not found.");
    }

    /// <summary>The operator sees every programme, a department its own, a cooperative those it takes part in.</summary>
    public static bool CanSee(Caller caller, SubsidyProgram program) => caller.Role switch
    {
        ApiRole.Operator => true,
        ApiRole.OrgDepartment => program.OrgDepartmentId == caller.TenantId,
        ApiRole.Cooperative => caller.TenantId is { } id && program.Invites(id),
        _ => false,
    };
}
