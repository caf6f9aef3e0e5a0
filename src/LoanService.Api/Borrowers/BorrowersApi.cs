using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Application.Borrowers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanService.Api.Borrowers;

public sealed record RegisterBorrowerRequest(
    [Required, StringLength(30, MinimumLength = 2)] string? Name,
    [Required, StringLength(18, MinimumLength = 18), RegularExpression(ContractPatterns.ResidentId)] string? ResidentId,
    [Required, StringLength(24, MinimumLength = 11), RegularExpression(ContractPatterns.Mobile)] string? Mobile,
    [Required, StringLength(12, MinimumLength = 6), RegularExpression(ContractPatterns.RegionCode)] string? RegionCode,
    [StringLength(100)] string? PartyBranch, bool? InDifficulty, bool? RegisteredPoor, bool? SmsOptOut);

/// <summary>A borrower as it leaves the service: name, resident ID and mobile masked.</summary>
public sealed record BorrowerResponse(Guid Id, string Name, string ResidentId, string Mobile, string RegionCode,
    string PartyBranch, bool InDifficulty, bool RegisteredPoor, bool SmsOptOut)
{
    public static BorrowerResponse From(Borrower b) => new(b.Id, b.Name.Masked, b.ResidentId.Masked, b.Mobile.Masked,
        b.RegionCode, b.PartyBranch, b.InDifficulty, b.RegisteredPoor, b.SmsOptOut);
}

public static class BorrowersApi
{
    public static IEndpointRouteBuilder MapBorrowersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/borrowers").WithTags("Borrowers").RequireAuthorization(Roles.Cooperative);
        api.MapPost("", Register).WithName("RegisterBorrower").WithSummary("Register a borrower (answer masked)")
            .WithDescription("Registers a party member (借款人) with the cooperative. The answer masks name, resident ID and mobile; the service never shows them in full again.")
            .Refuses(ErrorCodes.NameInvalid, ErrorCodes.ResidentIdInvalid, ErrorCodes.MobileInvalid, ErrorCodes.RegionCodeInvalid,
                ErrorCodes.PartyBranchInvalid, "borrower.already_registered");
        api.MapGet("{id:guid}", Get).WithName("GetBorrower").WithSummary("A borrower, masked")
            .WithDescription("One of the cooperative's borrowers, with name, resident ID and mobile masked.").Refuses("borrower.not_found");
        api.MapNameDisclosure();
        return app;
    }

    private static async Task<Created<BorrowerResponse>> Register(RegisterBorrowerRequest request, HttpContext http,
        BorrowerCases borrowers)
    {
        var borrower = await borrowers.RegisterAsync(Caller.From(http.User).CooperativeId,
            new BorrowerDetails(request.Name, request.ResidentId, request.Mobile, request.RegionCode, request.PartyBranch,
                request.InDifficulty ?? false, request.RegisteredPoor ?? false, request.SmsOptOut ?? false),
            http.RequestAborted);
        return TypedResults.Created($"/api/v1/borrowers/{borrower.Id}", BorrowerResponse.From(borrower));
    }

    private static async Task<Ok<BorrowerResponse>> Get(Guid id, HttpContext http, BorrowerCases borrowers) =>
        TypedResults.Ok(BorrowerResponse.From(await borrowers.GetAsync(Caller.From(http.User).CooperativeId, id, http.RequestAborted)));
}
