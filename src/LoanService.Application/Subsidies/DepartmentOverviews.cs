using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Subsidies;

/// <summary>One programme as the department's page shows it: liabilities today, subsidy by month, claims newest first.</summary>
public sealed record ProgramOverview(SubsidyProgram Program, LiabilityReport Report, IReadOnlyList<MonthlyAccrual> Monthly,
    IReadOnlyList<SubsidyClaim> Claims);

/// <summary>What the department's page shows: the department, the business date and each of its programmes, oldest first.</summary>
public sealed record DepartmentOverview(string Department, string RegionCode, LocalDate BusinessDate,
    IReadOnlyList<ProgramOverview> Programs, IReadOnlyDictionary<Guid, string> CooperativeNames);

/// <summary>
/// The department's page, read through the same queries as the REST API's <c>/liabilities</c>, <c>/monthly</c>
/// and <c>/claims</c>: the page cannot tell a different story.
/// </summary>
public sealed class DepartmentOverviews(LoanServiceDbContext db, BusinessCalendarStore calendar, SubsidyReports reports,
    SubsidyClaims claims)
{
    public async Task<DepartmentOverview> LoadAsync(Caller caller)
    {
        var department = await db.OrgDepartments.AsNoTracking().SingleAsync(d => d.Id == caller.TenantId);
        var today = await calendar.CurrentForReadAsync();
        var programs = (await db.SubsidyPrograms.AsNoTracking().Where(p => p.OrgDepartmentId == caller.TenantId).ToListAsync())
            .Where(p => SubsidyPrograms.CanSee(caller, p))
            .OrderBy(p => p.CreatedAt).ToList();
        var cooperatives = await db.Cooperatives.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);

        var panels = new List<ProgramOverview>();
        foreach (var program in programs)
            panels.Add(new ProgramOverview(program, await reports.LiabilitiesOfAsync(caller, program, today, today),
                await reports.MonthlyOfAsync(caller, program), await claims.ListOfAsync(caller, program)));
        return new DepartmentOverview(department.Name, department.RegionCode, today, panels, cooperatives);
    }
}
