using System.Text.Json;
using LoanService.Domain;

namespace LoanService.Api.Setup;

/// <summary>
/// Checks a JSON body as a whole before any handler reads it, for what the serializer lets through:
/// <list type="bullet">
/// <item>a property named twice in one object (<c>{"amount":1,"amount":2}</c>, also differing only in
/// case, since names bind case-insensitively): the serializer keeps the last, while a proxy or a
/// core-banking check before us may read the first. 400 <c>request.duplicate_property</c>.</item>
/// <item>malformed UTF-8 in any string or name, unknown fields included, which the serializer skips
/// without decoding. 400 <c>request.invalid_utf8</c>.</item>
/// </list>
/// A body that is not JSON at all is left to the handler's reader, which names where it broke.
/// </summary>
internal static class JsonBodyCheck
{
    public static IApplicationBuilder UseJsonBodyCheck(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            // SMS receipts check their signature first, then call Check themselves.
            if (request.HasJsonContentType() && !request.Path.StartsWithSegments("/api/v1/sms/receipts")
                && request.ContentLength is not 0)
            {
                request.EnableBuffering();
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, http.RequestAborted);
                request.Body.Position = 0;
                Check(body.GetBuffer().AsSpan(0, (int)body.Length));
            }
            await next(http);
        });

    public static void Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var objects = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                        break;
                    case JsonTokenType.StartArray:
                        objects.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader);
                        if (objects.Peek()?.Add(name) == false)
                            throw RequestValidationException.For(name, ErrorCodes.RequestDuplicateProperty,
                                $"The property \"{name}\" appears more than once in one object; send it once.");
                        break;
                    case JsonTokenType.String:
                        Text(ref reader);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the handler's reader refuses it as request.malformed, with the position.
        }
    }

    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw RequestValidationException.For("body", ErrorCodes.RequestInvalidUtf8,
                "The body holds a string that is not valid UTF-8 (or an escaped lone surrogate); send UTF-8 text.");
        }
    }
}
