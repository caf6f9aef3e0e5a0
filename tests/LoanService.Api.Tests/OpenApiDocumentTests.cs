using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// The committed <c>openapi/loan-service.v1.json</c> is the contract partners read. This fails when
/// the running service's document differs, writing <c>loan-service.v1.received.json</c> beside it;
/// set <c>LOANSERVICE_APPROVE=1</c> to approve the new document.
/// </summary>
public class OpenApiDocumentTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task SwaggerDocument_MatchesTheCommittedContract()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Normalize(await response.Content.ReadAsStringAsync());

        var folder = Path.Combine(RepositoryRoot(), "openapi");
        var approvedPath = Path.Combine(folder, "loan-service.v1.json");
        var receivedPath = Path.Combine(folder, "loan-service.v1.received.json");
        if (Environment.GetEnvironmentVariable("LOANSERVICE_APPROVE") == "1")
        {
            await File.WriteAllTextAsync(approvedPath, received);
            File.Delete(receivedPath);
        }
        var approved = File.Exists(approvedPath) ? Normalize(await File.ReadAllTextAsync(approvedPath)) : "";
        if (approved != received)
        {
            await File.WriteAllTextAsync(receivedPath, received);
            Assert.Fail($"The OpenAPI document changed. Compare {receivedPath} with {approvedPath}; " +
                        "if the change is intended, run the tests with LOANSERVICE_APPROVE=1 and commit the document.");
        }
        File.Delete(receivedPath);
    }

    [Fact]
    public async Task SwaggerDocument_NamesEveryContractPath()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[]
                 {
                     "/api/v1/cooperatives", "/api/v1/org-departments", "/api/v1/business-date",
                     "/api/v1/operations/close-business-day", "/api/v1/borrowers", "/api/v1/borrowers/{id}",
                     "/api/v1/credit-lines", "/api/v1/credit-lines/{id}", "/api/v1/credit-lines/{id}/draws",
                     "/api/v1/credit-lines/{id}/repayments", "/api/v1/credit-lines/{id}/payoff-quote",
                     "/api/v1/credit-lines/{id}/extensions", "/api/v1/credit-lines/{id}/renewals",
                     "/api/v1/credit-lines/{id}/freeze", "/api/v1/credit-lines/{id}/unfreeze",
                     "/api/v1/credit-lines/{id}/transactions", "/api/v1/subsidy-programs",
                     "/api/v1/subsidy-programs/{id}/liabilities", "/api/v1/subsidy-programs/{id}/claims",
                     "/api/v1/subsidy-claims/{id}", "/api/v1/subsidy-claims/{id}/approve",
                     "/api/v1/subsidy-claims/{id}/reject", "/api/v1/subsidy-claims/{id}/mark-paid",
                 })
            Assert.Contains(path, paths);
    }

    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }).ReplaceLineEndings("\n") + "\n";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        throw new InvalidOperationException("LoanService.sln not found above the test's folder.");
    }
}
