using LoanService.Domain;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>A partner cooperative (a tenant).</summary>
public sealed class Cooperative
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The SMS signature without its brackets: 福鼎农商银行 is sent as 【福鼎农商银行】.</summary>
    public string Signature { get; set; } = "";

    /// <summary>The cooperative's own notice cadence as JSON; null for RULES.md's default.</summary>
    public string? NoticeCadence { get; set; }

    public Instant CreatedAt { get; set; }

    public LoanService.Domain.Notices.NoticeCadence Cadence => NoticeCadence is null
        ? LoanService.Domain.Notices.NoticeCadence.Default
        : System.Text.Json.JsonSerializer.Deserialize<LoanService.Domain.Notices.NoticeCadence>(NoticeCadence)
          ?? LoanService.Domain.Notices.NoticeCadence.Default;
}

/// <summary>A county or city organization department (组织部) that funds subsidy programmes.</summary>
public sealed class OrgDepartment
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public Instant CreatedAt { get; set; }
}

public enum ApiRole
{
    Operator,
    Cooperative,
    OrgDepartment,
}

/// <summary>An API key, stored only as the SHA-256 of the key; the key itself is shown once.</summary>
/// <summary>
/// A browser session signed in with an API key (the department page's; an operator sign-in can use the
/// same table under its own scheme). The cookie only names it: ending the row here ends the session on
/// every instance, whoever holds a copy of the cookie.
/// </summary>
public sealed class WebSession
{
    public Guid Id { get; set; }

    /// <summary>The authentication scheme that issued it, e.g. <c>DepartmentSession</c>.</summary>
    public string Scheme { get; set; } = "";

    public Guid ApiKeyId { get; set; }
    public Instant CreatedAt { get; set; }

    /// <summary>When it was signed out; null while it lives.</summary>
    public Instant? EndedAt { get; set; }
}

public sealed class ApiKey
{
    public Guid Id { get; set; }
    public string Hash { get; set; } = "";

    /// <summary>The first characters of the key, to tell keys apart in lists and logs.</summary>
    public string Prefix { get; set; } = "";

    public ApiRole Role { get; set; }

    /// <summary>The cooperative or organization department the key acts for; null for the operator.</summary>
    public Guid? TenantId { get; set; }

    public Instant CreatedAt { get; set; }
    public Instant? RevokedAt { get; set; }
}

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

/// <summary>The service's single business date (营业日).</summary>
public sealed class BusinessCalendar
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public LocalDate BusinessDate { get; set; }
}

/// <summary>A journal entry as stored: the domain's <see cref="JournalEntry"/> flattened, plus a note.</summary>
public sealed class JournalEntryRow
{
    public Guid Id { get; set; }
    public Guid LineId { get; set; }
    public int Sequence { get; set; }
    public LocalDate BusinessDate { get; set; }
    public JournalEntryKind Kind { get; set; }
    public decimal Amount { get; set; }
    public decimal PrincipalPortion { get; set; }
    public decimal OverduePrincipalPortion { get; set; }
    public decimal AccruedInterestPortion { get; set; }
    public decimal BilledInterestPortion { get; set; }
    public decimal OverdueInterestPortion { get; set; }
    public decimal PenaltyInterestPortion { get; set; }
    public decimal PrincipalAfter { get; set; }
    public decimal OverduePrincipalAfter { get; set; }
    public decimal AccruedInterestAfter { get; set; }
    public decimal BilledInterestAfter { get; set; }
    public decimal OverdueInterestAfter { get; set; }
    public decimal PenaltyInterestAfter { get; set; }
    public string? Note { get; set; }
    public Instant RecordedAt { get; set; }

    public static JournalEntryRow From(JournalEntry e, Instant recordedAt, string? note = null) => new()
    {
        Id = e.Id,
        LineId = e.LineId,
        Sequence = e.Sequence,
        BusinessDate = e.BusinessDate,
        Kind = e.Kind,
        Amount = e.Amount.Amount,
        PrincipalPortion = e.Change.Principal.Amount,
        OverduePrincipalPortion = e.Change.OverduePrincipal.Amount,
        AccruedInterestPortion = e.Change.AccruedInterest.Amount,
        BilledInterestPortion = e.Change.BilledInterest.Amount,
        OverdueInterestPortion = e.Change.OverdueInterest.Amount,
        PenaltyInterestPortion = e.Change.PenaltyInterest.Amount,
        PrincipalAfter = e.After.Principal.Amount,
        OverduePrincipalAfter = e.After.OverduePrincipal.Amount,
        AccruedInterestAfter = e.After.AccruedInterest.Amount,
        BilledInterestAfter = e.After.BilledInterest.Amount,
        OverdueInterestAfter = e.After.OverdueInterest.Amount,
        PenaltyInterestAfter = e.After.PenaltyInterest.Amount,
        Note = note,
        RecordedAt = recordedAt,
    };

    public Balances Change => new(new Money(PrincipalPortion), new Money(OverduePrincipalPortion),
        new Money(AccruedInterestPortion), new Money(BilledInterestPortion), new Money(OverdueInterestPortion),
        new Money(PenaltyInterestPortion));

    public Balances After => new(new Money(PrincipalAfter), new Money(OverduePrincipalAfter),
        new Money(AccruedInterestAfter), new Money(BilledInterestAfter), new Money(OverdueInterestAfter),
        new Money(PenaltyInterestAfter));
}
