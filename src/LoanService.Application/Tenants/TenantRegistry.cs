using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.Notices;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Application.Tenants;

/// <summary>A tenant just registered, with its API key in the clear: shown this once, only its hash is kept.</summary>
public sealed record Registered<T>(T Tenant, string ApiKey);

/// <summary>The operator registers the service's tenants: partner cooperatives and organization departments, each with its key.</summary>
public sealed class TenantRegistry(LoanServiceDbContext db, IClock clock)
{
    public async Task<Registered<Cooperative>> RegisterCooperativeAsync(string? name, string? signature)
    {
        var cooperative = new Cooperative
        {
            Id = Guid.NewGuid(), Name = Text(name, "name", 2, 100),
            Signature = SmsText.Signature(signature) ?? throw RequestValidationException.For("signature",
                $"signature must be {SmsText.SignatureMinLength}–{SmsText.SignatureMaxLength} characters, without 【 or 】 inside and without control or bidi characters."),
            CreatedAt = clock.GetCurrentInstant(),
        };
        var (key, record) = ApiKeys.Issue(ApiRole.Cooperative, cooperative.Id, cooperative.CreatedAt);
        db.Cooperatives.Add(cooperative);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        return new Registered<Cooperative>(cooperative, key);
    }

    public async Task<Registered<OrgDepartment>> RegisterDepartmentAsync(string? name, string? regionCode)
    {
        var text = Text(name, "name", 2, 100);
        var department = new OrgDepartment
        {
            Id = Guid.NewGuid(), Name = text, RegionCode = Regions.ParseCode(regionCode, "regionCode"),
            CreatedAt = clock.GetCurrentInstant(),
        };
        var (key, record) = ApiKeys.Issue(ApiRole.OrgDepartment, department.Id, department.CreatedAt);
        db.OrgDepartments.Add(department);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        return new Registered<OrgDepartment>(department, key);
    }

    /// <summary>A tenant's name: trimmed, personal data masked, <paramref name="min"/>–<paramref name="max"/> characters of clean text.</summary>
    private static string Text(string? value, string field, int min, int max)
    {
        var text = PersonalData.Scrub((value ?? "").Trim());
        return text.Length >= min && text.Length <= max && FreeText.IsClean(text)
            ? text
            : throw RequestValidationException.For(field, $"{field} must be {min}–{max} characters without control characters.");
    }
}
