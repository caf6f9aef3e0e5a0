using LoanService.Api.Demo;
using LoanService.Api.EarlyWarning;
using LoanService.Api.Subsidies;
using LoanService.Api.Borrowers;
using LoanService.Api.CreditLines;
using LoanService.Api.Operations;
using LoanService.Api.Setup;
using LoanService.Api.Sms;
using LoanService.Api.Tenants;
using LoanService.Api.Web;

var seedDemo = DemoCommand.Requested(args);
var builder = WebApplication.CreateBuilder(DemoCommand.HostArguments(args));
builder.AddApi();
if (seedDemo) DemoCommand.Prepare(builder);

var app = builder.Build();
app.UseApi();
app.MapTenantsApi();
app.MapNoticeCadenceApi();
app.MapBorrowersApi();
app.MapCreditLinesApi();
app.MapOperationsApi();
app.MapCloseRunsApi();
app.MapSmsApi();
app.MapSubsidyApi();
app.MapEarlyWarningApi();
app.MapDepartmentPage();
app.MapOperatorDashboard();
app.MapServiceMetrics();

await app.InitializeAsync();
if (!seedDemo)
{
    await app.RunAsync();
}
else if (await DemoCommand.RunAsync(app))
{
    await app.WaitForShutdownAsync();
}
else
{
    Environment.ExitCode = 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
