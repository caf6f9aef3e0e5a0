using LoanService.Application.Borrowers;
using LoanService.Application.CloseOfBusiness;
using LoanService.Application.CreditLines;
using LoanService.Application.Postings;
using LoanService.Application.EarlyWarning;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Application;

/// <summary>
/// The application layer: the use cases the API, the web pages and the jobs call. It owns, for each
/// use case, the lock, the transaction, idempotency and retries, and saving what an aggregate has
/// pending. The domain decides; this layer carries data to it and from it. See docs/architecture.md.
/// </summary>
public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddScoped<LinePostings>();
        services.AddScoped<LinePostingCases>();
        services.AddScoped<CreditLineCases>();
        services.AddScoped<CreditLineQueries>();
        services.AddScoped<Ledger.DailyAccrualQueries>();
        services.AddScoped<BorrowerCases>();
        services.AddScoped<CloseRunQueries>();
        services.AddPartiesAndNotices();
        services.AddEarlyWarning();
        return services;
    }
}
