using LoanService.Domain;

namespace LoanService.Application;

/// <summary>A request whose fields fail validation; <see cref="Errors"/> is keyed by field name.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors, string code = ErrorCodes.RequestInvalid,
    string? detail = null)
    : Exception(detail ?? "The request has invalid fields.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The stable code: <c>request.invalid</c> unless a more precise one applies (e.g. <c>date.out_of_range</c>).</summary>
    public string Code { get; } = code;

    public static RequestValidationException For(string field, string message) => new(
        new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>One field refused with its own code; the message is also the problem's detail.</summary>
    public static RequestValidationException For(string field, string code, string message) => new(
        new Dictionary<string, string[]> { [field] = [message] }, code, message);
}
