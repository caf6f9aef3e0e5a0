using LoanService.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LoanService.Api.Setup;

/// <summary>A caller who could not be authenticated by what the request carries (HTTP 401).</summary>
public sealed class UnauthenticatedException(string code, string detail) : Exception(detail)
{
    public string Code { get; } = code;
}

/// <summary>The one place where refusals become problem+json (RFC 9457) with a stable <c>code</c>.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            DomainException { Kind: RefusalKind.Invalid } e => Problem(400, "The request is invalid.", e.Code, e.Message,
                e.Field is null ? null : new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
            DomainException { Kind: RefusalKind.NotFound } e => Problem(404, "Not found.", e.Code, e.Message),
            DomainException { Code: ErrorCodes.BusinessDateMismatch } e =>
                Problem(409, "Close of business is in progress.", e.Code, e.Message + " Retry in a moment."),
            DomainException e => Problem(422, "The request breaks a business rule.", e.Code, e.Message),
            RequestValidationException e => Problem(400, "The request is invalid.", e.Code, e.Message, e.Errors),
            KeyReusedException e => Problem(422, "Idempotency key reused.", "idempotency.key_reused", e.Message),
            LoanService.Jobs.CloseOfBusiness.CloseFailedException e => Problem(409, "Close of business stopped.",
                "close.failed", e.Message + $" See GET /api/v1/operations/close-runs/{e.BusinessDate:yyyy-MM-dd}; run the close again to resume."),
            UnauthenticatedException e => Problem(401, "Unauthenticated.", e.Code, e.Message),
            NotFoundException e => Problem(404, "Not found.", e.Code, e.Message),
            ConflictException e => Problem(409, "Conflict.", e.Code, e.Message),
            _ when StoreFailures.IsConcurrencyConflict(exception) => Problem(409, "Conflict.", "concurrency.conflict",
                "The resource was changed by another request at the same time; retry."),
            BadHttpRequestException { StatusCode: 413 } => Problem(413, "The request body is too large.",
                "request.too_large", "The request body is larger than the service accepts."),
            BadHttpRequestException { InnerException: CodedJsonException json } => Problem(400, "The request is invalid.",
                json.Code, $"{json.Message} (at {json.Path ?? "$"})", new Dictionary<string, string[]> { [FieldOf(json.Path)] = [json.Message] }),
            BadHttpRequestException { StatusCode: 431 } e => Problem(431, "The request headers are too large.",
                ErrorCodes.RequestHeadersTooLarge, e.Message),
            BadHttpRequestException e => Problem(400, "The request is malformed.", ErrorCodes.RequestMalformed,
                MalformedDetail(e)),
            _ when IsTransient(exception) => Problem(503, "Temporarily unavailable.", "service.unavailable",
                "The database is busy; nothing was changed. Retry in a moment (with the same Idempotency-Key for postings)."),
            _ => null,
        };
        if (problem?.Status == 503) http.Response.Headers.RetryAfter = "1";
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problem(500, "An unexpected error occurred.", "internal_error",
                "The error has been logged; quote the trace id to support.");
        }
        http.Response.StatusCode = problem.Status!.Value;
        await WriteAsync(problems, http, problem);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="problem"/> as problem+json, also when the request's Accept header names only
    /// another type (e.g. <c>text/csv</c>), which the framework's writer declines: an error is answered
    /// as problem+json whatever was asked for.
    /// </summary>
    public static async Task WriteAsync(IProblemDetailsService problems, HttpContext http, ProblemDetails problem)
    {
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
            return;
        problem.Extensions.TryAdd("traceId", http.TraceIdentifier);
        var json = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>();
        await http.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions, "application/problem+json");
    }

    /// <summary>
    /// A database failure that says it may pass (connections exhausted, a lock timeout, SQLite busy),
    /// anywhere in the exception chain. Its transaction was rolled back, so a retry is safe.
    /// </summary>
    private static bool IsTransient(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true } || e is TimeoutException)
                return true;
        return false;
    }

    /// <summary><c>$.rateRule.value</c> → <c>rateRule.value</c>, the key of the problem's <c>errors</c>.</summary>
    private static string FieldOf(string? path) =>
        path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "body";

    private static string MalformedDetail(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException json
            ? json.Path is { Length: > 1 } path
                ? $"The value at {path} is missing, malformed or of the wrong type."
                : "The body is not valid JSON."
            : e.Message;

    /// <summary>
    /// Gives a code and a detail to problems the framework writes itself (no route, wrong method, a
    /// body that is not JSON by its content type): without this they left as bare status pages.
    /// </summary>
    internal static void AddMissingCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code")) return;
        var (code, detail) = problem.Status switch
        {
            404 => ("route.not_found", "No endpoint answers at this path; check the path and the id's format."),
            405 => ("method.not_allowed", "This path does not take this HTTP method."),
            415 => ("request.unsupported_media_type", "Send the body as application/json."),
            400 => ("request.malformed", "The request is malformed."),
            { } status => ($"http.{status}", problem.Title ?? "The request failed."),
            null => ("internal_error", "The request failed."),
        };
        problem.Extensions["code"] = code;
        problem.Detail ??= detail;
        // One type style for every problem: the framework's own (an RFC 9110 section URL) is replaced.
        problem.Type = TypeOf(code);
    }

    internal static string TypeOf(string code) => $"urn:loanservice:problem:{code}";

    internal static ProblemDetails Problem(int status, string title, string code, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = TypeOf(code),
        };
        problem.Extensions["code"] = code;
        if (errors is not null) problem.Extensions["errors"] = errors;
        return problem;
    }
}
