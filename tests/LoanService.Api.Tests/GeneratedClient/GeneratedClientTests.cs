using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests.GeneratedClient;

/// <summary>
/// The generated client is committed beside this file so that the walk-through compiles against it;
/// this fails when regenerating it from the committed document gives other code. Set
/// <c>LOANSERVICE_APPROVE=1</c> to write the regenerated client.
/// </summary>
public class GeneratedClientTests
{
    [Fact]
    public async Task Regenerate_FromTheCommittedDocument_GivesTheCommittedClient()
    {
        var generated = await ClientGeneration.GenerateAsync(await File.ReadAllTextAsync(Contract.DocumentPath));
        var path = ClientGeneration.CommittedPath();
        if (Environment.GetEnvironmentVariable("LOANSERVICE_APPROVE") == "1") await File.WriteAllTextAsync(path, generated);
        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        Assert.True(committed == generated,
            $"{path} is not what NSwag generates from openapi/loan-service.v1.json; run the tests with LOANSERVICE_APPROVE=1 and commit it.");
    }
}
