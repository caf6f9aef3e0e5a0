using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace LoanService.Api.Tests.GeneratedClient;

/// <summary>
/// How a partner's C# client is generated from the committed document (docs/openapi.md): NSwag,
/// System.Text.Json, one client class named by operation ids, a typed <c>Problem</c> on every refusal.
/// </summary>
public static class ClientGeneration
{
    public const string FileName = "LoanServiceClient.g.cs";

    public static CSharpClientGeneratorSettings Settings() => new()
    {
        ClassName = "LoanServiceClient",
        OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        GenerateClientInterfaces = false,
        InjectHttpClient = true,
        DisposeHttpClient = false,
        UseBaseUrl = false,
        GenerateOptionalParameters = true,
        ExceptionClass = "LoanServiceApiException",
        CSharpGeneratorSettings =
        {
            Namespace = "LoanService.Client",
            JsonLibrary = CSharpJsonLibrary.SystemTextJson,
            GenerateNullableReferenceTypes = true,
            GenerateOptionalPropertiesAsNullable = true,
            DateType = "System.DateOnly",
            DateTimeType = "System.DateTimeOffset",
            ArrayType = "System.Collections.Generic.List",
            ArrayInstanceType = "System.Collections.Generic.List",
            ArrayBaseType = "System.Collections.Generic.List",
            GenerateDataAnnotations = false,
        },
    };

    /// <summary>The client's source, generated from <paramref name="documentJson"/>.</summary>
    public static async Task<string> GenerateAsync(string documentJson)
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(documentJson);
        return new CSharpClientGenerator(document, Settings()).GenerateFile().ReplaceLineEndings("\n");
    }

    public static string CommittedPath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, FileName);
}
