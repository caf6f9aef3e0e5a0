using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using LoanService.Api.CreditLines;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LoanService.Api.Setup.OpenApi;

/// <summary>
/// Declares every answer an operation can give: its success with headers, and one problem+json
/// response per status, listing the codes (<c>x-problem-codes</c>) from <see cref="ProblemCodes"/>
/// that the endpoint names or its scope brings. Money-moving POSTs get the <c>Idempotency-Key</c> header.
/// </summary>
internal sealed class ResponsesOperationFilter : IOperationFilter
{
    public const string CodesExtension = "x-problem-codes";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var parameters = context.ApiDescription.ParameterDescriptions;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var scope = ProblemScope.Every;
        if (!anonymous && authorize.Count > 0) scope |= ProblemScope.Authenticated;
        if (!anonymous && authorize.Any(a => a.Policy is not null || a.Roles is not null)) scope |= ProblemScope.RoleLimited;
        var body = operation.RequestBody is not null;
        if (body) scope |= ProblemScope.Body;
        if (body || parameters.Any(p => p.Source == BindingSource.Query || p.Source == BindingSource.Path))
            scope |= ProblemScope.Input;
        var posting = metadata.OfType<PostingMetadata>().Any();
        if (posting) scope |= ProblemScope.Posting;
        if (anonymous) operation.Security = [];

        var named = metadata.OfType<RefusesMetadata>().SelectMany(r => r.Codes).ToHashSet();
        var codes = ProblemCodes.All
            .Where(c => named.Contains(c.Code) || (c.Scope != ProblemScope.Named && (c.Scope & scope) == c.Scope))
            .Where(c => !(anonymous && c.Scope == ProblemScope.Authenticated));

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>()) DescribeParameter(parameter);
        operation.Responses ??= new OpenApiResponses();
        foreach (var success in operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).OfType<OpenApiResponse>())
            DescribeSuccess(success, posting, context);
        if (metadata.OfType<CsvAlternativeMetadata>().FirstOrDefault() is { } csv
            && operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
        {
            okResponse.Content ??= new Dictionary<string, IOpenApiMediaType>();
            okResponse.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, MaxLength = 10 * 1024 * 1024, Description = csv.Description,
                },
            };
        }

        foreach (var group in codes.GroupBy(c => c.Status).OrderBy(g => g.Key))
            operation.Responses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                ProblemResponse(group.Key, group.DistinctBy(c => c.Code).ToList(), context.Document);

        if (posting)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Postings.KeyHeader,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes the posting safe to retry: a repeat with the same key and body answers the first " +
                              "answer again (with `Idempotent-Replayed: true`) and posts nothing; the same key with " +
                              "another body is refused (422 `idempotency.key_reused`). Keys belong to the caller's " +
                              "cooperative. Use a new key (e.g. a UUID) per posting.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128, Pattern = "^[!-~]+$" },
                Example = JsonValue.Create("draw-0001"),
            });
        }
    }

    /// <summary>A business date in a path or query: <c>yyyy-MM-dd</c>, ten characters.</summary>
    private static void DateParameter(OpenApiParameter parameter, OpenApiSchema schema, string description)
    {
        parameter.Description ??= description;
        schema.Format = "date";
        schema.MaxLength = 10;
        schema.Type = JsonSchemaType.String;
    }

    /// <summary>Path and query parameters: what they are and what they accept.</summary>
    private static void DescribeParameter(OpenApiParameter parameter)
    {
        // An enum parameter is a bare reference: it gets a description only.
        var schema = parameter.Schema as OpenApiSchema ?? new OpenApiSchema();
        switch (parameter.Name)
        {
            case "id":
                parameter.Description ??= "The resource's id.";
                schema.MaxLength = ContractSchemaFilter.FormatLength(schema.Format);
                break;
            case "date":
                DateParameter(parameter, schema, "A business date.");
                break;
            case "asOf":
                DateParameter(parameter, schema, "The business date to report at the end of; default: now (the current business date).");
                break;
            case "from":
                DateParameter(parameter, schema, "The first business date; default: 30 days before `to`.");
                break;
            case "to":
                DateParameter(parameter, schema, "The last business date; default: the last closed date.");
                break;
            case "on":
                DateParameter(parameter, schema, "The business date to read the class on; default: the current business date.");
                break;
            case "limit":
                parameter.Description ??= "Items per page.";
                schema.Minimum = "1";
                schema.Maximum = Paging.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = JsonValue.Create(Paging.DefaultSize);
                schema.Type = JsonSchemaType.Integer;
                break;
            case "cursor":
                parameter.Description ??= "The previous page's `nextCursor`; omit for the first page.";
                schema.MaxLength = 200;
                schema.Type = JsonSchemaType.String;
                break;
            case "township":
                parameter.Description ??= "Only borrowers whose region code (区划代码) starts with these 2–12 digits (a township is 9).";
                schema.MaxLength = 12;
                schema.Pattern = "^[0-9]{2,12}$";
                break;
            case "cooperativeId":
                parameter.Description ??= "Only this cooperative's.";
                schema.MaxLength = ContractSchemaFilter.FormatLength(schema.Format);
                break;
            case "status":
                parameter.Description ??= "Only lines in this status.";
                break;
            case "classification":
                parameter.Description ??= "Only lines of this classification (五级分类).";
                break;
        }
    }

    private static void DescribeSuccess(OpenApiResponse response, bool posting, OperationFilterContext context)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        if (posting)
            response.Headers[Postings.ReplayedHeader] = new OpenApiHeader
            {
                Description = "`true` when this is the stored answer of an earlier request with the same `Idempotency-Key`; absent otherwise.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
            };
        if (context.ApiDescription.SupportedResponseTypes.Any(r => r.StatusCode == 201))
            response.Headers["Location"] = new OpenApiHeader
            {
                Description = "Where the new resource (or the posting's journal entry) is.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            };
    }

    private static OpenApiResponse ProblemResponse(int status, IReadOnlyList<ProblemCode> codes, OpenApiDocument? document)
    {
        var response = new OpenApiResponse
        {
            Description = Title(status) + " `code` is one of: " +
                          string.Join("; ", codes.Select(c => $"`{c.Code}`: {c.Meaning}")),
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema.Name, document) },
            },
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                [CodesExtension] = new JsonNodeExtension(new JsonArray(codes.Select(c => (JsonNode)JsonValue.Create(c.Code)).ToArray())),
            },
        };
        if (status is 429 or 503)
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Whole seconds to wait before retrying.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "3600" },
                },
            };
        return response;
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is invalid; nothing changed.",
        401 => "No valid credentials.",
        403 => "The key's role may not call this.",
        404 => "Not found for this caller (another tenant's resource included).",
        409 => "Conflicts with what is happening now; retrying may succeed.",
        413 => "The body is too large.",
        415 => "The body is not JSON.",
        422 => "A business rule refuses it now; nothing changed.",
        429 => "Rate limited.",
        500 => "Unexpected error.",
        503 => "Temporarily unavailable; nothing changed.",
        _ => "Refused.",
    };
}
