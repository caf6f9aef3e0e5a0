using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanService.EndToEnd.Tests.Support;

namespace LoanService.EndToEnd.Tests;

/// <summary>The fixture itself, without a browser: it runs wherever <c>dotnet test</c> does.</summary>
public sealed class RunningServiceTests(RunningService service) : IClassFixture<RunningService>
{
    [Fact]
    public async Task Operator_SeedsADepartment_ItsKeyIsAcceptedByTheSameServer()
    {
        Assert.Equal("127.0.0.1", service.BaseUrl.Host);

        using var created = await service.Operator.PostAsJsonAsync("/api/v1/org-departments",
            new { name = "中共福鼎市委组织部", regionCode = "350982" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var department = await created.Content.ReadFromJsonAsync<JsonObject>();

        using var client = service.CreateClient(department!["apiKey"]!.GetValue<string>());
        var answer = await client.GetFromJsonAsync<JsonObject>("/api/v1/business-date");
        Assert.Equal(RunningService.FirstBusinessDate, answer!["businessDate"]!.GetValue<string>());
    }
}
