using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Tenants;

public sealed record CreateCooperativeRequest([Required, StringLength(100, MinimumLength = 2)] string? Name,
    [Required, StringLength(14, MinimumLength = 2), RegularExpression(ContractPatterns.Signature)] string? Signature);

/// <summary><c>apiKey</c> is shown here once; the service keeps only its hash.</summary>
public sealed record CooperativeResponse(Guid Id, string Name, string Signature, string ApiKey);

public sealed record CreateOrgDepartmentRequest([Required, StringLength(100, MinimumLength = 2)] string? Name,
    [Required, StringLength(12, MinimumLength = 6), RegularExpression(ContractPatterns.RegionCode)] string? RegionCode);

public sealed record OrgDepartmentResponse(Guid Id, string Name, string RegionCode, string ApiKey);

public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1").WithTags("Tenants").RequireAuthorization(Roles.Operator);
        api.MapPost("cooperatives", CreateCooperative).WithName("CreateCooperative")
            .WithSummary("Register a partner cooperative and make its API key")
            .WithDescription("Registers a rural credit cooperative (合作机构) with its SMS signature; the answer carries its API key, shown this once.");
        api.MapPost("org-departments", CreateOrgDepartment).WithName("CreateOrgDepartment")
            .WithSummary("Register an organization department and make its API key")
            .WithDescription("Registers a county or city organization department (组织部) that funds subsidy programmes in its region; the answer carries its API key, shown this once.")
            .Refuses(ErrorCodes.RegionCodeInvalid);
        return app;
    }

    private static async Task<Created<CooperativeResponse>> CreateCooperative(CreateCooperativeRequest request,
        LoanServiceDbContext db, IClock clock)
    {
        var name = Text(request.Name, "name", 2, 100);
        var signature = Signature(request.Signature);
        var now = clock.GetCurrentInstant();
        var cooperative = new Cooperative { Id = Guid.NewGuid(), Name = name, Signature = signature, CreatedAt = now };
        var (key, record) = ApiKeys.Issue(ApiRole.Cooperative, cooperative.Id, now);
        db.Cooperatives.Add(cooperative);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/cooperatives/{cooperative.Id}",
            new CooperativeResponse(cooperative.Id, name, signature, key));
    }

    private static async Task<Created<OrgDepartmentResponse>> CreateOrgDepartment(CreateOrgDepartmentRequest request,
        LoanServiceDbContext db, IClock clock)
    {
        var name = Text(request.Name, "name", 2, 100);
        var region = Regions.ParseCode(request.RegionCode, "regionCode");
        var now = clock.GetCurrentInstant();
        var department = new OrgDepartment { Id = Guid.NewGuid(), Name = name, RegionCode = region, CreatedAt = now };
        var (key, record) = ApiKeys.Issue(ApiRole.OrgDepartment, department.Id, now);
        db.OrgDepartments.Add(department);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/org-departments/{department.Id}",
            new OrgDepartmentResponse(department.Id, name, region, key));
    }

    private static string Text(string? value, string field, int min, int max)
    {
        var text = PersonalData.Scrub((value ?? "").Trim());
        return text.Length >= min && text.Length <= max && FreeText.IsClean(text)
            ? text
            : throw RequestValidationException.For(field, $"{field} must be {min}–{max} characters without control characters.");
    }

    /// <summary>The SMS signature: 2–12 characters; 【】 around it are accepted and dropped, inside it refused.</summary>
    private static string Signature(string? value)
    {
        var text = PersonalData.Scrub((value ?? "").Trim());
        if (text.StartsWith('【') && text.EndsWith('】')) text = text[1..^1].Trim();
        return text.Length is >= 2 and <= 12 && !text.Contains('【') && !text.Contains('】') && FreeText.IsClean(text)
            ? text
            : throw RequestValidationException.For("signature", "signature must be 2–12 characters, without 【 or 】 inside and without control or bidi characters.");
    }
}
