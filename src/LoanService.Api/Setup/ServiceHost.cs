using LoanService.Api.Ledger;
using LoanService.Api.Borrowers;
using LoanService.Api.CreditLines;
using LoanService.Api.EarlyWarning;
using LoanService.Api.Operations;
using LoanService.Api.Sms;
using LoanService.Api.Subsidies;
using LoanService.Api.Tenants;
using LoanService.Api.Web;

namespace LoanService.Api.Setup;

/// <summary>
/// The service as one host: its services, middleware, endpoints and pages. <c>Program</c> runs it; the demo
/// (its own project) runs the same host with its seed on top.
/// </summary>
public static class ServiceHost
{
    /// <summary>Builds the whole service on <paramref name="builder"/>.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddApi();
        var app = builder.Build();
        app.UseApi();
        app.MapTenantsApi();
        app.MapNoticeCadenceApi();
        app.MapBorrowersApi();
        app.MapCreditLinesApi();
        app.MapOperationsApi();
        app.MapCloseRunsApi();
        app.MapDailyAccrualsApi();
        app.MapSmsApi();
        app.MapSubsidyApi();
        app.MapEarlyWarningApi();
        app.MapDepartmentPage();
        app.MapOperatorDashboard();
        app.MapServiceMetrics();
        return app;
    }

    /// <summary>Migrates the database and sets the first business date on a new one.</summary>
    public static Task InitializeAsync(WebApplication app) => app.InitializeAsync();
}
