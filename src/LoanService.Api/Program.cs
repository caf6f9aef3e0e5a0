using LoanService.Api.Setup;

var app = ServiceHost.Build(WebApplication.CreateBuilder(args));
await ServiceHost.InitializeAsync(app);
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
