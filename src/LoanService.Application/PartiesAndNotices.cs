using LoanService.Application.Notices;
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
        services.AddScoped<NoticeSending>();
        services.AddScoped<NoticeReceipts>();
        return services;
    }
}
