using LoanService.Demo;
using LoanService.Domain;

namespace LoanService.EndToEnd.Tests.Support;

/// <summary>
/// The running service with the demo loaded, as the demo (<c>src/LoanService.Demo</c>) loads it (80 borrowers, ¥4,760,000.00
/// drawn, a year of closes from the fixture's first business date), through the same REST API.
/// </summary>
public sealed class SeededProgramme : IAsyncLifetime
{
    public RunningService Service { get; } = new();

    public DemoSeedResult Demo { get; private set; } = null!;

    public TimeSpan SeedTime { get; private set; }

    public async Task InitializeAsync()
    {
        using var http = Service.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(5);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Demo = await new DemoSeeder(http, RunningService.OperatorKey, ProductSettings.Default).RunAsync(new DemoSeedOptions());
        SeedTime = watch.Elapsed;
    }

    /// <summary>A client of the service that sends the department's key.</summary>
    public HttpClient Department() => Service.CreateClient(Demo.DepartmentKey);

    public Task DisposeAsync()
    {
        Service.Dispose();
        return Task.CompletedTask;
    }
}
