using LoanService.Application.EarlyWarning;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Application;

/// <summary>
/// The application layer: the use cases the API, the web pages and the jobs call. It owns, for each
/// use case, the lock, the transaction, idempotency and retries, and saving what an aggregate has
/// pending. The domain decides; this layer carries data to it and from it.
/// </summary>
public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddEarlyWarning();
        return services;
    }
}
