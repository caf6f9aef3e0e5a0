using LoanService.Api.Subsidies;
using LoanService.Application.Subsidies;
using LoanService.Domain.Subsidies;
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
/// What the page shows a department (<see cref="DepartmentOverviews"/>), mapped as the REST API maps
/// <c>/liabilities</c>, <c>/monthly</c> and <c>/claims</c>: the page cannot tell a different story.
/// </summary>
public static class Dashboard
{
    public static async Task<DashboardModel> LoadAsync(DepartmentOverviews overviews, Caller caller)
    {
        var overview = await overviews.LoadAsync(caller);
        var panels = overview.Programs.Select(p => new ProgramPanel(p.Program, Liabilities.From(p.Report),
            Liabilities.From(p.Monthly),
            p.Claims.Select(c => new ClaimRow(ClaimResponse.From(c, withItems: false),
                overview.CooperativeNames.GetValueOrDefault(c.CooperativeId, ""))).ToList())).ToList();
        return new DashboardModel(overview.Department, overview.RegionCode, overview.BusinessDate, panels);
    }
}
