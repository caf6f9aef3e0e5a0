using System.Text.Json.Nodes;
using LoanService.Infrastructure.Sms;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LoanService.Api.Setup.OpenApi;

/// <summary>The problem+json body every refusal has (RFC 9457 with <c>code</c>, <c>traceId</c>, <c>errors</c>).</summary>
internal static class ProblemSchema
{
    public const string Name = "Problem";

    public static OpenApiSchema Create() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal (RFC 9457). Act on `code`, which never changes meaning; `detail` is for people.",
        Required = new HashSet<string> { "type", "title", "status", "detail", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("`urn:loanservice:problem:` followed by `code`.", 200, "^urn:loanservice:problem:[a-z0-9_.]+$"),
            ["title"] = Text("A short summary of the kind of refusal.", 200),
            ["status"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599",
                Description = "The HTTP status, repeated.",
            },
            ["detail"] = Text("What was refused and why, for a person.", 2000),
            ["code"] = Text("The stable machine-readable code, e.g. `draw.exceeds_available`; each response lists the codes it can carry.", 100, "^[a-z0-9_]+(\\.[a-z0-9_]+)+$"),
            ["traceId"] = Text("Quote it to support: it finds the request in the service's logs.", 200),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "On `request.invalid` and field refusals: the messages per field (`amount`, `Idempotency-Key`, …).",
                MaxProperties = 50,
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, MaxItems = 10, Items = Text("One message about the field.", 500),
                },
            },
        },
#pragma warning disable CS0618 // Examples is 3.1's keyword; the 3.0 document writes Example
        Example = new JsonObject
        {
            ["type"] = "urn:loanservice:problem:draw.exceeds_available",
            ["title"] = "The request breaks a business rule.",
            ["status"] = 422,
            ["detail"] = "Draw 200000.00 exceeds the available 0.00.",
            ["code"] = "draw.exceeds_available",
            ["traceId"] = "0HNA1B2C3D4E5:00000001",
        },
#pragma warning restore CS0618
    };

    private static OpenApiSchema Text(string description, int maxLength, string? pattern = null) => new()
    {
        Type = JsonSchemaType.String, MaxLength = maxLength, Pattern = pattern, Description = description,
    };
}

/// <summary>Servers, tags, the SMS gateway's own security scheme and the problem schema.</summary>
internal sealed class ContractDocumentFilter : IDocumentFilter
{
    public const string SmsSignatureScheme = "SmsSignature";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers =
        [
            // Relative: the service that serves this document, at whatever host and TLS front a deployment gives it.
            new OpenApiServer
            {
                Url = "/",
                Description = "The service serving this document (`http://localhost:5080` when run with `dotnet run`).",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
            },
        ];
        document.Tags = new HashSet<OpenApiTag>
        {
            Tag("Tenants", "Cooperatives (合作机构) and organization departments (组织部), made by the operator; a cooperative's SMS cadence."),
            Tag("Borrowers", "Party members in difficulty who borrow (借款人); answers are masked."),
            Tag("Credit lines", "Revolving lines (授信) of 50,000–200,000 CNY: draws, repayments, extensions, renewals, the journal."),
            Tag("Operations", "The business date (营业日) and the close of business (日终)."),
            Tag("Subsidies", "Interest subsidy (贴息) programmes, their liabilities and claims."),
            Tag("SMS", "The SMS provider's delivery receipts."),
            Tag("Early warning", "即时发现即时帮扶: warnings on enrolled lines, and the department's cases of borrowers in trouble."),
        };
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema.Name] = ProblemSchema.Create();
        InlineNullableReferences(document.Components.Schemas);
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SmsSignatureScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = SmsSignature.SignatureHeader,
            Description = "The SMS provider signs each receipt as we sign our sends: hex HMAC-SHA256, keyed by the " +
                          $"shared secret, of `{{keyId}}\\n{{timestamp}}\\n{{nonce}}\\n{{bodySha256}}` with the values of " +
                          $"`{SmsSignature.KeyIdHeader}`, `{SmsSignature.TimestampHeader}` (Unix seconds, within 5 minutes), " +
                          $"`{SmsSignature.NonceHeader}` (never repeated) and `{SmsSignature.ContentSha256Header}` (hex SHA-256 of the body). " +
                          "See docs/sms.md.",
        };
        foreach (var (path, item) in document.Paths)
            if (path.StartsWith("/api/v1/sms/", StringComparison.Ordinal) && item.Operations is { } operations)
                foreach (var operation in operations.Values)
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SmsSignatureScheme, document)] = [] },
                    ];
    }

    /// <summary>
    /// A property that may be null and whose type is another schema (a line's <c>subsidy</c>) becomes a
    /// copy of that schema with <c>nullable: true</c>. In OpenAPI 3.0 <c>nullable</c> does not reach into
    /// <c>oneOf</c>/<c>allOf</c>, so validating proxies (Prism) refuse a null there; an inline object with
    /// <c>nullable</c> every validator and generator reads alike.
    /// </summary>
    private static void InlineNullableReferences(IDictionary<string, IOpenApiSchema> schemas)
    {
        foreach (var owner in schemas.Values.OfType<OpenApiSchema>().ToList())
            foreach (var (name, property) in owner.Properties?.ToList() ?? [])
                if (property is OpenApiSchema { OneOf: [OpenApiSchemaReference reference] } wrapper
                    && wrapper.Type?.HasFlag(JsonSchemaType.Null) == true
                    && reference.Reference.Id is { } id && schemas.TryGetValue(id, out var found) && found is OpenApiSchema target)
                    owner.Properties![name] = new OpenApiSchema
                    {
                        Type = (target.Type ?? JsonSchemaType.Object) | JsonSchemaType.Null,
                        Description = wrapper.Description,
                        Properties = target.Properties,
                        Required = target.Required,
                        AdditionalPropertiesAllowed = target.AdditionalPropertiesAllowed,
                        AdditionalProperties = target.AdditionalProperties,
                        Enum = target.Enum is { Count: > 0 } values ? [.. values, null!] : null,
                    };
    }

    private static OpenApiTag Tag(string name, string description) => new() { Name = name, Description = description };
}
