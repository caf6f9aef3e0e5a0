using LoanService.Api.Setup;
using LoanService.Api.Subsidies;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.Web;

public sealed record ClaimRow(ClaimResponse Claim, string Cooperative)
{
    public bool Waiting => Claim.State is SubsidyClaimState.Submitted or SubsidyClaimState.Approved;
}

public sealed record ProgramPanel(SubsidyProgram Program, LiabilitiesResponse Report, IReadOnlyList<MonthlySubsidy> Monthly,
    IReadOnlyList<ClaimRow> Claims);

public sealed record DashboardModel(string Department, string RegionCode, LocalDate BusinessDate, IReadOnlyList<ProgramPanel> Programs);

/// <summary>
/// What the page shows a department, read through the same code as the REST API's
/// <c>/liabilities</c>, <c>/monthly</c> and <c>/claims</c>: the page cannot tell a different story.
/// </summary>
public static class Dashboard
{
    public static async Task<DashboardModel> LoadAsync(LoanServiceDbContext db, BusinessCalendarStore calendar, Caller caller)
    {
        var department = await db.OrgDepartments.AsNoTracking().SingleAsync(d => d.Id == caller.TenantId);
        var today = await calendar.CurrentForReadAsync();
        var programs = (await db.SubsidyPrograms.AsNoTracking().Where(p => p.OrgDepartmentId == caller.TenantId).ToListAsync())
            .Where(p => SubsidyProgramsApi.CanSee(caller, p))
            .OrderBy(p => p.CreatedAt).ToList();
        var cooperatives = await db.Cooperatives.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);

        var panels = new List<ProgramPanel>();
        foreach (var program in programs)
        {
            var report = await Liabilities.ReportAsync(db, caller, program, today, today);
            var monthly = await Liabilities.MonthlyAsync(db, caller, program);
            var claims = (await db.SubsidyClaims.AsNoTracking().Where(c => c.ProgramId == program.Id).ToListAsync())
                .OrderByDescending(c => c.SubmittedAt)
                .Select(c => new ClaimRow(ClaimResponse.From(c, withItems: false), cooperatives.GetValueOrDefault(c.CooperativeId, "")))
                .ToList();
            panels.Add(new ProgramPanel(program, report, monthly, claims));
        }
        return new DashboardModel(department.Name, department.RegionCode, today, panels);
    }
}
