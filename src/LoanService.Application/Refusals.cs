using Microsoft.EntityFrameworkCore;

namespace LoanService.Application;

/// <summary>A resource that does not exist for this caller (another tenant's resource included).</summary>
public sealed class NotFoundException(string code, string detail) : Exception(detail)
{
    public string Code { get; } = code;
}

/// <summary>A request that conflicts with the current state and may succeed if retried (HTTP 409).</summary>
public sealed class ConflictException(string code, string detail) : Exception(detail)
{
    public string Code { get; } = code;
}

/// <summary>The same idempotency key came with a different request.</summary>
public sealed class KeyReusedException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used with a different request.");

/// <summary>What the store's failures mean to a caller, so that the API need not know the store's types.</summary>
public static class StoreFailures
{
    /// <summary>A row changed by someone else between this unit of work's read and its save: retry.</summary>
    public static bool IsConcurrencyConflict(Exception e) => e is DbUpdateConcurrencyException;
}
