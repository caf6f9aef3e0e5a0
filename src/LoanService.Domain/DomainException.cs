namespace LoanService.Domain;

/// <summary>Whether a refusal is about the request's values or about the state it meets.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is malformed or out of range (HTTP 400).</summary>
    Invalid,
    /// <summary>The request is well formed but a business rule refuses it now (HTTP 422).</summary>
    Rule,
    /// <summary>The resource does not exist for this caller, another tenant's included (HTTP 404).</summary>
    NotFound,
}

/// <summary>
/// A refused operation. Nothing was changed. <see cref="Code"/> is stable and machine-readable
/// (e.g. <c>draw.exceeds_available</c>); partners build on it.
/// </summary>
public sealed class DomainException(string code, string message, RefusalKind kind = RefusalKind.Rule)
    : Exception(message)
{
    public string Code { get; } = code;
    public RefusalKind Kind { get; } = kind;
    public string? Field { get; init; }
}
