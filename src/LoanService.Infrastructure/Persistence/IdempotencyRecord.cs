using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>The first answer to a money-moving request, kept so a retry with the same key replays it.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The key's scope: the caller (API key's tenant or operator) it belongs to.</summary>
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    public int StatusCode { get; set; }
    public string ResponseBody { get; set; } = "";
    public string? Location { get; set; }
    public Instant CreatedAt { get; set; }
}
