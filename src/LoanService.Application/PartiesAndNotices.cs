using LoanService.Application.Access;
using LoanService.Application.Notices;
using LoanService.Application.Subsidies;
using LoanService.Application.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Application;

/// <summary>
/// The use cases and queries of the parties around a line (tenants, keys and sessions, subsidy programmes,
/// claims and reports) and of the SMS outbox: each scoped, over the request's or the job's unit of work.
/// </summary>
public static class PartiesAndNotices
{
    public static IServiceCollection AddPartiesAndNotices(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyLookup>();
        services.AddScoped<WebSessions>();
        services.AddScoped<OperatorKeys>();
        services.AddScoped<TenantRegistry>();
        services.AddScoped<NoticeCadences>();
        services.AddScoped<SubsidyPrograms>();
        services.AddScoped<SubsidyClaims>();
        services.AddScoped<SubsidyReports>();
        services.AddScoped<DepartmentOverviews>();
        services.AddScoped<NoticeSending>();
        services.AddScoped<NoticeReceipts>();
        return services;
    }
}
