using System.ComponentModel.DataAnnotations;
using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;
using LoanService.Domain.Subsidies;
using LoanService.Application.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Subsidies;

public sealed record RateRuleDto([Required] SubsidyRateRuleKind? Kind, [Required, Range(0, 1)] decimal? Value);

/// <summary>
/// The programme as the API takes it; <c>orgDepartmentId</c> is needed only when the operator creates it (a
/// department creates its own), <c>principalCap</c> defaults to 200,000.00, <c>forfeitOnLatePayment</c>
/// to true and <c>coversExtendedLines</c> to false.
/// </summary>
public sealed record CreateSubsidyProgramRequest(
    [Required, StringLength(100, MinimumLength = 1)] string? Name,
    [Required, StringLength(100, MinimumLength = 1)] string? Funder,
    [Required, StringLength(12, MinimumLength = 6), RegularExpression(ContractPatterns.RegionCode)] string? RegionCode,
    [Required, MaxLength(100)] List<Guid>? CooperativeIds, [Required] LocalDate? StartDate, [Required] LocalDate? EndDate,
    [Required, Range(0.01, 1_000_000_000_000)] decimal? Budget, [Range(0.01, 1_000_000_000)] decimal? PrincipalCap,
    [Required] RateRuleDto? RateRule, [Required] SubsidyMode? Mode, bool? ForfeitOnLatePayment, bool? CoversExtendedLines,
    Guid? OrgDepartmentId);

/// <summary>Whether an invited cooperative has accepted the programme: only an accepted one takes part.</summary>
public enum ParticipationState
{
    Pending,
    Accepted,
}

public sealed record ParticipationResponse(Guid CooperativeId, ParticipationState State);

/// <summary>
/// A programme with its budget's state: <c>used</c> is billed plus accrued subsidy (forfeited excluded).
/// <c>cooperativeIds</c> are the cooperatives invited; <c>participation</c> says which of them accepted.
/// </summary>
public sealed record SubsidyProgramResponse(
    Guid Id, Guid OrgDepartmentId, string Name, string Funder, string RegionCode, IReadOnlyList<Guid> CooperativeIds,
    IReadOnlyList<ParticipationResponse> Participation,
    LocalDate StartDate, LocalDate EndDate, decimal Budget, decimal PrincipalCap, RateRuleDto RateRule,
    SubsidyMode Mode, bool ForfeitOnLatePayment, bool CoversExtendedLines, decimal Used, decimal Remaining,
    bool Exhausted, LocalDate? ExhaustedOn)
{
    public static SubsidyProgramResponse From(SubsidyProgram p) => new(p.Id, p.OrgDepartmentId, p.Name, p.Funder,
        p.RegionCode, p.CooperativeIds,
        p.CooperativeIds.Select(c => new ParticipationResponse(c,
            p.HasAccepted(c) ? ParticipationState.Accepted : ParticipationState.Pending)).ToList(),
        p.StartDate, p.EndDate, p.Budget.Yuan(), p.PrincipalCap.Yuan(),
        new RateRuleDto(p.RateRuleKind, p.RateRuleValue / 1.000000000000m), p.Mode, p.ForfeitOnLatePayment,
        p.CoversExtendedLines, p.Committed.Yuan(), p.RemainingShownBeside(p.Committed).Yuan(), p.IsExhausted, p.ExhaustedOn);
}

/// <summary>Who accepts: a cooperative for itself (it may leave this out), the operator naming the cooperative.</summary>
public sealed record AcceptProgramRequest(Guid? CooperativeId);

public static class SubsidyProgramsApi
{
    public static IEndpointRouteBuilder MapSubsidyApi(this IEndpointRouteBuilder app)
    {
        var programs = app.MapGroup("api/v1/subsidy-programs").WithTags("Subsidies");
        programs.MapPost("", Create).RequireAuthorization(Roles.Funder).WithName("CreateSubsidyProgram")
            .WithSummary("Create a subsidy programme (贴息项目)")
            .WithDescription("A department (or the operator for one) funds a programme: region, cooperatives, dates, budget and rate rule. Lines are enrolled when opened.")
            .Refuses("org_department.not_found", ErrorCodes.SubsidyProgramInvalid, ErrorCodes.SubsidyRateRuleInvalid,
                ErrorCodes.SubsidyDatesInvalid, ErrorCodes.SubsidyBudgetInvalid, ErrorCodes.SubsidyRegionOutsideDepartment,
                ErrorCodes.RegionCodeInvalid)
            .Refuses(ErrorCodes.DateOutOfRange);
        programs.MapGet("", List).RequireAuthorization(Roles.SubsidyParty).WithName("ListSubsidyPrograms")
            .WithSummary("The programmes the caller funds or takes part in")
            .WithDescription("A department sees its own programmes, a cooperative those it takes part in, the operator all.");
        programs.MapGet("{id:guid}", Get).RequireAuthorization(Roles.SubsidyParty).WithName("GetSubsidyProgram")
            .WithSummary("A programme and its budget")
            .WithDescription("The programme with its budget used and remaining, and which invited cooperatives have accepted.")
            .Refuses("subsidy_program.not_found");
        programs.MapPost("{id:guid}/accept", Accept).RequireAuthorization(Roles.Participant).WithName("AcceptSubsidyProgram")
            .WithSummary("A cooperative (or the operator for it) accepts taking part; until then its lines cannot enrol")
            .WithDescription("An invited cooperative accepts the programme (the operator may accept for one, naming `cooperativeId`). Accepting again answers the same.")
            .Refuses("subsidy_program.not_found", ErrorCodes.SubsidyParticipationNotInvited);
        programs.MapGet("{id:guid}/liabilities", Liabilities.Handle).RequireAuthorization(Roles.SubsidyReader)
            .WithName("GetSubsidyLiabilities").WithSummary("贴息负债 at a business date, by cooperative, township and line")
            .WithDescription("The programme's liabilities at the end of `asOf` (default: now), by state, with a forecast to the programme's end. A cooperative sees its own part.")
            .Refuses("subsidy_program.not_found", "subsidy.as_of_after_business_date")
            .Refuses(ErrorCodes.DateOutOfRange);
        programs.MapGet("{id:guid}/monthly", Liabilities.Monthly).RequireAuthorization(Roles.SubsidyReader)
            .WithName("GetSubsidyMonthly").WithSummary("Subsidy accrued per month and township")
            .WithDescription("Subsidy accrued per calendar month and township, oldest first.").Refuses("subsidy_program.not_found");
        programs.MapPost("{id:guid}/claims", Claims.Create).RequireAuthorization(Roles.Cooperative)
            .WithName("CreateSubsidyClaim").WithSummary("Claim the earned subsidy of a period (贴息申报)")
            .WithDescription("The cooperative claims the earned, not yet claimed subsidy of the periods billed between two dates (default: the last whole calendar quarter).")
            .Refuses("subsidy_program.not_found", ErrorCodes.ClaimPeriodInvalid, ErrorCodes.ClaimNothingToClaim, "concurrency.conflict")
            .Refuses(ErrorCodes.DateOutOfRange);
        programs.MapGet("{id:guid}/claims", Claims.List).RequireAuthorization(Roles.SubsidyReader)
            .WithName("ListSubsidyClaims").WithSummary("The programme's claims, newest first")
            .WithDescription("The claims without their items; a cooperative sees its own.").Refuses("subsidy_program.not_found");

        var claims = app.MapGroup("api/v1/subsidy-claims").WithTags("Subsidies");
        claims.MapGet("{id:guid}", Claims.Get).RequireAuthorization(Roles.SubsidyReader).WithName("GetSubsidyClaim")
            .WithSummary("A claim as JSON, or as CSV (UTF-8 with BOM) with Accept: text/csv")
            .WithDescription("The claim with its items. With `Accept: text/csv`, the 贴息申报表 for Excel: UTF-8 with a BOM, CRLF lines, Chinese headers.")
            .Produces<ClaimResponse>(StatusCodes.Status200OK)
            .AlsoCsv("The claim as CSV (UTF-8 with BOM), as a download.")
            .Refuses("subsidy_claim.not_found");
        claims.MapPost("{id:guid}/approve", Claims.Approve).RequireAuthorization(Roles.OrgDepartment)
            .WithName("ApproveSubsidyClaim").WithSummary("Approve a submitted claim")
            .WithDescription("The department approves a submitted claim.").Refuses("subsidy_claim.not_found", ErrorCodes.ClaimNotSubmitted, "concurrency.conflict");
        claims.MapPost("{id:guid}/reject", Claims.Reject).RequireAuthorization(Roles.OrgDepartment)
            .WithName("RejectSubsidyClaim").WithSummary("Reject a submitted claim; its periods can be claimed again")
            .WithDescription("The department sends a submitted claim back with a reason; its periods are free to claim again.")
            .Refuses("subsidy_claim.not_found", ErrorCodes.ClaimNotSubmitted, "concurrency.conflict");
        claims.MapPost("{id:guid}/mark-paid", Claims.MarkPaid).RequireAuthorization(Roles.OrgDepartment)
            .WithName("MarkSubsidyClaimPaid").WithSummary("Record that an approved claim was paid")
            .WithDescription("The department records that it paid an approved claim.").Refuses("subsidy_claim.not_found", ErrorCodes.ClaimNotApproved, "concurrency.conflict");
        return app;
    }

    private static async Task<Created<SubsidyProgramResponse>> Create(CreateSubsidyProgramRequest request,
        HttpContext http, SubsidyPrograms programs)
    {
        var caller = Caller.From(http.User);
        var departmentId = caller.Role == ApiRole.OrgDepartment
            ? caller.TenantId!.Value
            : request.OrgDepartmentId ?? throw RequestValidationException.For("orgDepartmentId",
                "orgDepartmentId is required when the operator creates a programme.");
        var program = await programs.CreateAsync(new NewSubsidyProgram(departmentId, request.Name, request.Funder,
            request.RegionCode, request.CooperativeIds, request.StartDate, request.EndDate, request.Budget,
            request.PrincipalCap, request.RateRule is { } r ? (r.Kind, r.Value) : null, request.Mode,
            request.ForfeitOnLatePayment ?? true, request.CoversExtendedLines ?? false));
        return TypedResults.Created($"/api/v1/subsidy-programs/{program.Id}", SubsidyProgramResponse.From(program));
    }

    private static async Task<Ok<SubsidyProgramResponse>> Accept(Guid id, AcceptProgramRequest? request, HttpContext http,
        SubsidyPrograms programs) =>
        TypedResults.Ok(SubsidyProgramResponse.From(await programs.AcceptAsync(Caller.From(http.User), id, request?.CooperativeId)));

    private static async Task<Ok<Page<SubsidyProgramResponse>>> List(HttpContext http, SubsidyPrograms programs,
        int? limit = null, string? cursor = null)
    {
        IReadOnlyList<SubsidyProgramResponse> visible = (await programs.ListAsync(Caller.From(http.User)))
            .Select(SubsidyProgramResponse.From).ToList();
        return TypedResults.Ok(Paging.Of(visible, limit, cursor));
    }

    private static async Task<Ok<SubsidyProgramResponse>> Get(Guid id, HttpContext http, SubsidyPrograms programs) =>
        TypedResults.Ok(SubsidyProgramResponse.From(await programs.GetAsync(Caller.From(http.User), id)));
}
