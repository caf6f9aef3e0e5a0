using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>A partner cooperative (a tenant).</summary>
public sealed class Cooperative
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The SMS signature without its brackets: 福鼎农商银行 is sent as 【福鼎农商银行】.</summary>
    public string Signature { get; set; } = "";

    /// <summary>The cooperative's own notice cadence as JSON; null for the default (docs/rules.md §9).</summary>
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
