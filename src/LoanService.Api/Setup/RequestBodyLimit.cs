using Microsoft.AspNetCore.Http.Features;

namespace LoanService.Api.Setup;

/// <summary>
/// Refuses request bodies over <see cref="ApiSetup.MaxRequestBodyBytes"/> with 413 <c>request.too_large</c>
/// whatever server hosts the app. Kestrel's own limit covers only Kestrel; behind IIS, HTTP.sys or an
/// in-process test server the body would otherwise be read whole.
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (http, next) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = maxBytes;
            var request = http.Request;
            if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
            if (request.ContentLength is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
                request.Body = await BufferAsync(request.Body, maxBytes, http.RequestAborted);
            await next(http);
        });

    /// <summary>A body of unknown length is read up to the limit: one byte more refuses it.</summary>
    private static async Task<Stream> BufferAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var buffered = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffered.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffered.Write(chunk, 0, read);
        }
        buffered.Position = 0;
        return buffered;
    }

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"The request body is larger than {maxBytes / 1024} KB.", StatusCodes.Status413PayloadTooLarge);
}
