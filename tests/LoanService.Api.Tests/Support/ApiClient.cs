using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanService.Api.Tests.Support;

/// <summary>An HTTP client that sends one API key, and the tests' vocabulary for the common steps.</summary>
public sealed class ApiClient(HttpClient http, string? apiKey)
{
    private static int _residentSequence;

    public HttpClient Http { get; } = http;

    public async Task<Response> SendAsync(HttpMethod method, string path, object? body = null,
        IDictionary<string, string>? headers = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (body is string raw) request.Content = new StringContent(raw, Encoding.UTF8, contentType);
        else if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType,
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>A GET whose body is kept as bytes, as a file download is (e.g. a claim as CSV).</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> GetBytesAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }

    public Task<Response> PostAsync(string path, object? body = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body ?? new { },
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>Makes a cooperative and returns a client with its key.</summary>
    public async Task<(ApiClient Client, Guid Id)> CreateCooperativeAsync(ApiFactory factory, string name = "福鼎市农村信用合作联社")
    {
        var created = (await PostAsync("/api/v1/cooperatives", new { name, signature = "福鼎农信" })).Expect(HttpStatusCode.Created);
        return (factory.WithKey(created["apiKey"]!.GetValue<string>()), created["id"]!.GetValue<Guid>());
    }

    public async Task<Guid> RegisterBorrowerAsync(string name = "张三丰", string regionCode = "350982101", bool inDifficulty = true)
    {
        var body = new
        {
            name, residentId = NextResidentId(), mobile = "+86 138 1234 5678", regionCode,
            partyBranch = "硖门畲族乡第一党支部", inDifficulty, registeredPoor = false, smsOptOut = false,
        };
        return (await PostAsync("/api/v1/borrowers", body)).Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
    }

    public async Task<JsonNode> OpenLineAsync(decimal limit = 100_000m, decimal annualRate = 0.0435m, int termMonths = 12)
    {
        var borrowerId = await RegisterBorrowerAsync();
        return (await PostAsync("/api/v1/credit-lines", new { borrowerId, limit, annualRate, termMonths }))
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>Registers a borrower and opens a line for it enrolled in <paramref name="subsidyProgramId"/>.</summary>
    public async Task<JsonNode> OpenSubsidizedLineAsync(Guid subsidyProgramId, string name = "张三丰",
        string regionCode = "350982101", decimal limit = 100_000m, decimal annualRate = 0.0435m, int termMonths = 12)
    {
        var borrowerId = await RegisterBorrowerAsync(name, regionCode);
        return (await PostAsync("/api/v1/credit-lines", new { borrowerId, limit, annualRate, termMonths, subsidyProgramId }))
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>Makes an organization department (组织部) and returns a client with its key.</summary>
    public async Task<(ApiClient Client, Guid Id)> CreateOrgDepartmentAsync(ApiFactory factory,
        string name = "中共福鼎市委组织部", string regionCode = "350982")
    {
        var created = (await PostAsync("/api/v1/org-departments", new { name, regionCode })).Expect(HttpStatusCode.Created);
        return (factory.WithKey(created["apiKey"]!.GetValue<string>()), created["id"]!.GetValue<Guid>());
    }

    /// <summary>As the operator: closes every business date up to and including <paramref name="date"/>.</summary>
    public async Task CloseThroughAsync(string date) =>
        (await PostAsync("/api/v1/operations/close-business-day", new { through = date })).Expect(HttpStatusCode.OK);

    /// <summary>A valid resident ID, different on every call: 350982 region, born 1 Jan 1980, computed check digit.</summary>
    public static string NextResidentId()
    {
        var sequence = Interlocked.Increment(ref _residentSequence);
        var first17 = $"35098219800101{sequence % 1000:000}";
        return first17 + LoanService.Domain.Borrowers.ResidentId.CheckCharacter(first17);
    }
}

public sealed record Response(HttpStatusCode Status, string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("Empty body.");

    public JsonNode Expect(HttpStatusCode status)
    {
        Assert.True(status == Status, $"Expected {(int)status} but got {(int)Status}: {Body}");
        return Json;
    }

    /// <summary>Asserts a problem+json answer with this status and stable code.</summary>
    public JsonNode ExpectProblem(HttpStatusCode status, string code)
    {
        Assert.True(status == Status, $"Expected {(int)status} {code} but got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", ContentType);
        var problem = Json;
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }
}

public static class JsonNodeExtensions
{
    public static decimal Money(this JsonNode node, string name) => node[name]!.GetValue<decimal>();
}
