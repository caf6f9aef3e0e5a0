using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace LoanService.Api.Tests.Support;

/// <summary>
/// Checks every answer the API tests receive against the committed OpenAPI document: the status is
/// declared for the operation, the content type is one it declares, the JSON body fits the schema
/// (required, nullable, types, formats, lengths, patterns, limits, no undeclared property), a problem's
/// <c>code</c> is one the response lists in <c>x-problem-codes</c>, and 429/503 carry <c>Retry-After</c>.
/// Every client the test factories make goes through it, so a handler cannot answer what the
/// document does not say without some test failing.
/// </summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    /// <summary>A client of <paramref name="factory"/> whose every answer is checked (cookies and redirects as the default client).</summary>
    public static HttpClient Client<T>(WebApplicationFactory<T> factory) where T : class =>
        factory.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(),
            new ContractCheckingHandler());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        if (request.RequestUri is { } uri && uri.AbsolutePath.StartsWith("/api/v1/", StringComparison.Ordinal))
        {
            await response.Content.LoadIntoBufferAsync(ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var violations = Contract.Check(request.Method.Method, uri.AbsolutePath, (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType, body,
                name => response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v));
            if (violations.Count > 0 && Environment.GetEnvironmentVariable("LOANSERVICE_CONTRACT_LOG") is { Length: > 0 } log)
                await File.AppendAllTextAsync(log, $"{request.Method} {uri.AbsolutePath} {(int)response.StatusCode}: {string.Join(" | ", violations)}\n", ct);
            else if (violations.Count > 0)
                throw new ContractViolationException(
                    $"{request.Method} {uri.AbsolutePath} answered {(int)response.StatusCode} against the committed OpenAPI document:\n  " +
                    string.Join("\n  ", violations) + $"\nBody: {(body.Length > 1000 ? body[..1000] : body)}");
        }
        return response;
    }
}

public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>The committed document, read with Microsoft.OpenApi, and the checks against it.</summary>
public static class Contract
{
    private static readonly Lazy<OpenApiDocument> LazyDocument = new(Load);

    public static OpenApiDocument Document => LazyDocument.Value;

    public static string DocumentPath => Path.Combine(RepositoryRoot(), "openapi", "loan-service.v1.json");

    private static OpenApiDocument Load()
    {
        using var stream = new MemoryStream(File.ReadAllBytes(DocumentPath));
        var settings = new OpenApiReaderSettings();
        settings.AddJsonReader();
        var result = OpenApiDocument.Load(stream, "json", settings);
        if (result.Diagnostic?.Errors is { Count: > 0 } errors)
            throw new InvalidOperationException("The committed OpenAPI document does not read: " +
                                                string.Join("; ", errors.Select(e => e.Message)));
        return result.Document ?? throw new InvalidOperationException("The committed OpenAPI document is empty.");
    }

    /// <summary>The operation a request path and method reach, or null when no declared path matches.</summary>
    public static (string Template, OpenApiOperation? Operation)? Find(string method, string path)
    {
        var segments = path.TrimEnd('/').Split('/');
        foreach (var (template, item) in Document.Paths.OrderByDescending(p => p.Key.Count(c => c != '{')))
        {
            var parts = template.Split('/');
            if (parts.Length != segments.Length) continue;
            var operations = item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>();
            var parameters = operations.Values.SelectMany(o => o.Parameters ?? []).Where(p => p.In == ParameterLocation.Path).ToList();
            var match = parts.Zip(segments).All(pair => pair.First.StartsWith('{')
                ? FitsPathParameter(parameters.FirstOrDefault(p => "{" + p.Name + "}" == pair.First), Uri.UnescapeDataString(pair.Second))
                : pair.First == pair.Second);
            if (!match) continue;
            return (template, operations.GetValueOrDefault(new HttpMethod(method)));
        }
        return null;
    }

    private static bool FitsPathParameter(IOpenApiParameter? parameter, string value) =>
        parameter?.Schema?.Format != "uuid" || Guid.TryParse(value, out _);

    public static IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string body,
        Func<string, bool> hasHeader)
    {
        var errors = new List<string>();
        var found = Find(method, path);
        // No declared path (a malformed id, an unknown route) or no such method: the framework's 404 or 405.
        if (found is not { Operation: { } operation })
        {
            if (status is not (404 or 405)) errors.Add($"no operation in the document answers {method} {path}");
            return errors;
        }
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses?.GetValueOrDefault(key) is not { } response)
        {
            errors.Add($"{operation.OperationId} does not declare status {status} (declared: {string.Join(", ", operation.Responses?.Keys.ToList() ?? [])})");
            return errors;
        }
        if (body.Length == 0) return errors;
        if (mediaType is null || Get(response.Content, mediaType) is not { } content)
        {
            errors.Add($"{operation.OperationId} {status} does not declare content type {mediaType} (declared: {string.Join(", ", response.Content?.Keys.ToList() ?? [])})");
            return errors;
        }
        foreach (var header in response.Headers?.Where(h => h.Value.Required) ?? [])
            if (!hasHeader(header.Key)) errors.Add($"required header {header.Key} is missing");
        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || content.Schema is null) return errors;

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            errors.Add($"the body is not JSON: {e.Message}");
            return errors;
        }
        Validate(json, content.Schema, "$", errors);
        if (status >= 400 && Get(response.Extensions, "x-problem-codes") is JsonNodeExtension { Node: JsonArray codes })
        {
            var code = json?["code"]?.GetValue<string>();
            if (!codes.Any(c => c?.GetValue<string>() == code))
                errors.Add($"code '{code}' is not among {operation.OperationId} {status}'s x-problem-codes ({string.Join(", ", codes)})");
        }
        return errors;
    }

    /// <summary>The subset of JSON Schema the document uses.</summary>
    public static void Validate(JsonNode? node, IOpenApiSchema schema, string at, List<string> errors)
    {
        var type = schema.Type;
        if (node is null)
        {
            if (type?.HasFlag(JsonSchemaType.Null) != true) errors.Add($"{at} is null but not nullable");
            return;
        }
        foreach (var part in schema.AllOf ?? []) Validate(node, part, at, errors);
        if (schema.OneOf is { Count: 1 } one)
        {
            Validate(node, one[0], at, errors);
            return;
        }
        if (schema.AllOf is { Count: > 0 } && (type is null || type == JsonSchemaType.Null)) return;
        if (type is null) return;
        if (type.Value.HasFlag(JsonSchemaType.Object))
        {
            if (node is not JsonObject obj)
            {
                errors.Add($"{at} is not an object");
                return;
            }
            foreach (var name in schema.Required ?? new HashSet<string>())
                if (!obj.ContainsKey(name)) errors.Add($"{at}.{name} is required but missing");
            foreach (var (name, member) in obj)
            {
                if (Get(schema.Properties, name) is { } property) Validate(member, property, $"{at}.{name}", errors);
                else if (schema.AdditionalProperties is { } extra) Validate(member, extra, $"{at}.{name}", errors);
                else if (schema.Properties is not null) errors.Add($"{at}.{name} is not declared");
            }
            return;
        }
        if (type.Value.HasFlag(JsonSchemaType.Array))
        {
            if (node is not JsonArray array)
            {
                errors.Add($"{at} is not an array");
                return;
            }
            if (schema.MaxItems is { } max && array.Count > max) errors.Add($"{at} has {array.Count} items, over maxItems {max}");
            for (var i = 0; i < array.Count; i++)
                if (schema.Items is { } items) Validate(array[i], items, $"{at}[{i}]", errors);
            return;
        }
        if (node is not JsonValue value)
        {
            errors.Add($"{at} is not a {type}");
            return;
        }
        var kind = value.GetValueKind();
        if (type.Value.HasFlag(JsonSchemaType.String))
        {
            if (kind != System.Text.Json.JsonValueKind.String)
            {
                errors.Add($"{at} is not a string");
                return;
            }
            var text = value.GetValue<string>();
            if (schema.MaxLength is { } maxLength && text.Length > maxLength) errors.Add($"{at} is longer than {maxLength}");
            if (schema.MinLength is { } minLength && text.Length < minLength) errors.Add($"{at} is shorter than {minLength}");
            if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern)) errors.Add($"{at} '{text}' does not match {pattern}");
            if (schema.Enum is { Count: > 0 } values && !values.Any(v => v?.GetValue<string>() == text))
                errors.Add($"{at} '{text}' is not one of its enum");
            var formatOk = schema.Format switch
            {
                "uuid" => Guid.TryParse(text, out _),
                "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                _ => true,
            };
            if (!formatOk) errors.Add($"{at} '{text}' is not a {schema.Format}");
            return;
        }
        if (type.Value.HasFlag(JsonSchemaType.Boolean))
        {
            if (kind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)) errors.Add($"{at} is not a boolean");
            return;
        }
        if (type.Value.HasFlag(JsonSchemaType.Number) || type.Value.HasFlag(JsonSchemaType.Integer))
        {
            if (kind != System.Text.Json.JsonValueKind.Number)
            {
                errors.Add($"{at} is not a number");
                return;
            }
            var number = value.GetValue<decimal>();
            if (type.Value.HasFlag(JsonSchemaType.Integer) && !type.Value.HasFlag(JsonSchemaType.Number) && decimal.Truncate(number) != number)
                errors.Add($"{at} {number} is not an integer");
            if (schema.MultipleOf is { } step && number % step != 0) errors.Add($"{at} {number} is not a multiple of {step}");
            if (schema.Minimum is { } min && number < decimal.Parse(min, NumberStyles.Float, CultureInfo.InvariantCulture))
                errors.Add($"{at} {number} is below {min}");
            if (schema.Maximum is { } maxValue && number > decimal.Parse(maxValue, NumberStyles.Float, CultureInfo.InvariantCulture))
                errors.Add($"{at} {number} is above {maxValue}");
        }
    }

    private static TValue? Get<TValue>(IDictionary<string, TValue>? map, string key) where TValue : class =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        throw new InvalidOperationException("LoanService.sln not found above the test's folder.");
    }
}
