using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Application.Tenants;
using LoanService.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

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
        TenantRegistry tenants)
    {
        var (cooperative, key) = await tenants.RegisterCooperativeAsync(request.Name, request.Signature);
        return TypedResults.Created($"/api/v1/cooperatives/{cooperative.Id}",
            new CooperativeResponse(cooperative.Id, cooperative.Name, cooperative.Signature, key));
    }

    private static async Task<Created<OrgDepartmentResponse>> CreateOrgDepartment(CreateOrgDepartmentRequest request,
        TenantRegistry tenants)
    {
        var (department, key) = await tenants.RegisterDepartmentAsync(request.Name, request.RegionCode);
        return TypedResults.Created($"/api/v1/org-departments/{department.Id}",
            new OrgDepartmentResponse(department.Id, department.Name, department.RegionCode, key));
    }
}
