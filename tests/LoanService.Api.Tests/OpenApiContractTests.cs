using System.Net;
using System.Text.Json.Nodes;
using LoanService.Api.Setup;
using LoanService.Api.Tests.Support;
using Microsoft.OpenApi;

namespace LoanService.Api.Tests;

/// <summary>
/// What the committed document promises a partner's generator, read with Microsoft.OpenApi; and that the
/// check every API test's answers pass through (<see cref="Contract"/>) refuses what the document does not say.
/// </summary>
public class OpenApiContractTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private static IEnumerable<(string Path, HttpMethod Method, OpenApiOperation Operation)> Operations() =>
        Contract.Document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (p.Key, o.Key, o.Value)));

    [Fact]
    public void Document_EveryOperation_HasADescriptionA4xxA429WithRetryAfterAndA500()
    {
        foreach (var (path, method, operation) in Operations())
        {
            var name = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.Description), $"{name} has no description");
            var responses = operation.Responses!;
            Assert.Contains(responses.Keys, k => k.StartsWith('4'));
            Assert.True(responses["429"].Headers!["Retry-After"].Required, $"{name}: 429 without Retry-After");
            Assert.Contains("500", responses.Keys);
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.True(response.Content!.ContainsKey("application/problem+json"), $"{name} {status} is not problem+json");
        }
    }

    [Fact]
    public void Document_EverySchemaProperty_HasADescription()
    {
        var missing = Contract.Document.Components!.Schemas!
            .SelectMany(s => (s.Value.Properties ?? new Dictionary<string, IOpenApiSchema>())
                .Where(p => string.IsNullOrWhiteSpace(p.Value.Description) && p.Value is not OpenApiSchemaReference)
                .Select(p => $"{s.Key}.{p.Key}"))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Document_EveryRegisteredCode_IsListedBySomeOperation()
    {
        var listed = Operations().SelectMany(o => o.Operation.Responses!.Values)
            .Select(r => r.Extensions is { } e && e.TryGetValue("x-problem-codes", out var codes) ? codes : null)
            .OfType<JsonNodeExtension>().SelectMany(e => e.Node.AsArray().Select(c => c!.GetValue<string>()))
            .ToHashSet();
        var unlisted = ProblemCodes.All.Select(c => c.Code).Where(c => !listed.Contains(c)).ToList();
        Assert.True(unlisted.Count == 0, "Registered but answered by no operation: " + string.Join(", ", unlisted));
    }

#pragma warning disable CS0618 // a 3.0 document's schema example is Example (Examples is 3.1's)
    [Fact]
    public void Document_EverySchemaExample_FitsItsSchema()
    {
        var withExamples = Contract.Document.Components!.Schemas!.Where(s => s.Value.Example is not null).ToList();
        Assert.True(withExamples.Count >= 10, $"only {withExamples.Count} schemas have examples");
        foreach (var (name, schema) in withExamples)
        {
            var errors = new List<string>();
            Contract.Validate(schema.Example, schema, name, errors);
            Assert.Empty(errors);
        }
    }
#pragma warning restore CS0618

    [Theory]
    [InlineData("/api/v1/credit-lines/{id}/draws")]
    [InlineData("/api/v1/credit-lines/{id}/repayments")]
    [InlineData("/api/v1/credit-lines/{id}/extensions")]
    [InlineData("/api/v1/credit-lines/{id}/renewals")]
    public void Document_MoneyMovingPost_DeclaresIdempotencyKeyAndReplayHeader(string path)
    {
        var operation = Contract.Document.Paths[path].Operations![HttpMethod.Post];
        var key = Assert.Single(operation.Parameters!, p => p.Name == "Idempotency-Key");
        Assert.Equal(ParameterLocation.Header, key.In);
        Assert.Equal(128, key.Schema!.MaxLength);
        Assert.Equal(1, key.Schema.MinLength);
        Assert.Contains("Idempotent-Replayed", operation.Responses!["201"].Headers!.Keys);
        Assert.Contains("idempotency.key_reused", operation.Responses["422"].Description);
        Assert.NotNull(operation.Responses["201"].Content!["application/json"].Schema);
    }

    [Fact]
    public void Document_SubsidyClaim_DeclaresJsonAndCsv()
    {
        var ok = Contract.Document.Paths["/api/v1/subsidy-claims/{id}"].Operations![HttpMethod.Get].Responses!["200"];
        Assert.Equal(new[] { "application/json", "text/csv" }, ok.Content!.Keys.Order());
    }

    [Fact]
    public void Document_SmsReceipt_HasItsOwnSignatureScheme()
    {
        var operation = Contract.Document.Paths["/api/v1/sms/receipts"].Operations![HttpMethod.Post];
        var requirement = Assert.Single(operation.Security!);
        Assert.Equal("SmsSignature", Assert.Single(requirement.Keys).Reference.Id);
    }

    [Fact]
    public void Check_StatusTheOperationDoesNotDeclare_IsAViolation()
    {
        var violations = Contract.Check("POST", $"/api/v1/credit-lines/{Guid.NewGuid()}/draws", 418,
            "application/problem+json", """{"code":"x.y"}""", _ => false);
        Assert.Contains(violations, v => v.Contains("does not declare status 418"));
    }

    [Fact]
    public void Check_NullSubsidyAndUndeclaredProperty_AreViolations()
    {
        // A draw answer with its amount as a string, whose line lacks every required field but subsidy and carries a field the document lacks.
        var violations = Contract.Check("POST", $"/api/v1/credit-lines/{Guid.NewGuid()}/draws", 201, "application/json",
            """{"transactionId":"00000000-0000-0000-0000-000000000001","businessDate":"2026-01-05","amount":"100.00","line":{"subsidy":null,"extra":1}}""",
            _ => false);
        Assert.Contains(violations, v => v.Contains("$.amount is not a number"));
        Assert.Contains(violations, v => v.Contains("$.line.principal is required but missing"));
        Assert.Contains(violations, v => v.Contains("$.line.extra is not declared"));
        Assert.DoesNotContain(violations, v => v.Contains("subsidy"));
    }

    [Fact]
    public void Check_ProblemCodeTheResponseDoesNotList_IsAViolation()
    {
        var violations = Contract.Check("POST", $"/api/v1/credit-lines/{Guid.NewGuid()}/draws", 422, "application/problem+json",
            """{"type":"urn:loanservice:problem:renewal.outside_window","title":"t","status":422,"detail":"d","code":"renewal.outside_window","traceId":"x"}""",
            _ => false);
        Assert.Contains(violations, v => v.Contains("code 'renewal.outside_window' is not among Draw 422"));
    }

    [Fact]
    public async Task UnknownRouteAndWrongMediaType_AnswerTheUrnProblemType()
    {
        var op = factory.Operator();
        var route = (await op.GetAsync("/api/v1/no-such-thing")).ExpectProblem(HttpStatusCode.NotFound, "route.not_found");
        Assert.Equal("urn:loanservice:problem:route.not_found", route["type"]!.GetValue<string>());
        var media = (await op.SendAsync(HttpMethod.Post, "/api/v1/cooperatives", "name=x", contentType: "text/plain"))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
        Assert.Equal("urn:loanservice:problem:request.unsupported_media_type", media["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListSubsidyPrograms_LimitOne_PagesWithNextCursor()
    {
        var op = factory.Operator();
        var (_, coopId) = await op.CreateCooperativeAsync(factory);
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var first = await department.CreateProgramAsync(SubsidySupport.ProgramBody([coopId]));
        var second = await department.CreateProgramAsync(SubsidySupport.ProgramBody([coopId]));

        var page1 = (await department.GetAsync("/api/v1/subsidy-programs?limit=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(first, Assert.Single(page1["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        var cursor = page1["nextCursor"]!.GetValue<string>();
        var page2 = (await department.GetAsync($"/api/v1/subsidy-programs?limit=1&cursor={cursor}")).Expect(HttpStatusCode.OK);
        Assert.Equal(second, Assert.Single(page2["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Null(page2["nextCursor"]);
        (await department.GetAsync("/api/v1/subsidy-programs?limit=201")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
    }
}
