namespace LoanService.Application;

/// <summary>A resource that does not exist for this caller (another tenant's resource included): HTTP 404.</summary>
public sealed class NotFoundException(string code, string detail) : Exception(detail)
{
    public string Code { get; } = code;
}
