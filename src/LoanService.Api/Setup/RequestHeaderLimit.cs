using LoanService.Domain;

namespace LoanService.Api.Setup;

/// <summary>
/// Refuses requests whose headers total more than <see cref="MaxBytes"/> with 431 problem+json
/// <c>request.headers_too_large</c>. Kestrel refuses oversized headers itself, but with a bare status and
/// no body, before the app can say why; so Kestrel's own limit is set higher
/// (<see cref="ServerMaxBytes"/>) and this one, with a body, is met first. Only requests beyond
/// Kestrel's limit (or with a malformed request line, which Kestrel alone parses) still get its bare answer.
/// </summary>
internal static class RequestHeaderLimit
{
    public const int MaxBytes = 32 * 1024;
    public const int ServerMaxBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestHeaderLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            long total = 0;
            foreach (var (name, values) in http.Request.Headers)
                foreach (var value in values)
                    total += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n"
            if (total > MaxBytes)
                throw new BadHttpRequestException(
                    $"The request's headers are {total / 1024} KB; the service accepts {MaxBytes / 1024} KB.",
                    StatusCodes.Status431RequestHeaderFieldsTooLarge);
            await next(http);
        });
}
