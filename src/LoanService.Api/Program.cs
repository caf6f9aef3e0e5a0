using LoanService.Api.Subsidies;
using LoanService.Api.Borrowers;
using LoanService.Api.CreditLines;
using LoanService.Api.Operations;
using LoanService.Api.Setup;
using LoanService.Api.Sms;
using LoanService.Api.Tenants;
using LoanService.Api.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddApi();

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
app.MapDepartmentPage();

await app.InitializeAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
