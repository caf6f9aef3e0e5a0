using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Application.EarlyWarning;
using LoanService.Domain;
using LoanService.Domain.EarlyWarning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanService.Api.EarlyWarning;

/// <summary>
/// 即时发现即时帮扶: the department works its cases (borrowers of its programmes in trouble); the
/// cooperative reads the warnings on its own lines and nothing of the department's case. Both through
/// the application layer (<see cref="WarningCases"/>, <see cref="LineWarnings"/>).
/// </summary>
public static class EarlyWarningApi
{
    public const string Tag = "Early warning";

    public static IEndpointRouteBuilder MapEarlyWarningApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("api/v1/warning-cases").WithTags(Tag).RequireAuthorization(Roles.OrgDepartment);
        cases.MapGet("", ListCases).WithName("ListWarningCases").WithSummary("The department's cases, worst first")
            .WithDescription("Cases (预警帮扶案件) of borrowers in the department's programmes: open ones first, by severity then age. Filters: state, severity, township (9-digit 区划代码, or any prefix), cooperativeId. The borrower's name is masked unless they agreed to be known by name.");
        cases.MapGet("months", Months).WithName("WarningCaseMonths").WithSummary("Cases opened and resolved per month")
            .WithDescription("Per calendar month of business dates: cases opened, cases resolved, and how many days the resolved ones had been open (average and longest).");
        cases.MapGet("{id:guid}", GetCase).WithName("GetWarningCase").WithSummary("A case with its warnings and every change")
            .WithDescription("One of the department's cases: its open warnings, every warning it collected (cleared ones with their dates), and every change with who made it and when.")
            .Refuses(ErrorCodes.CaseNotFound);
        cases.MapPost("{id:guid}/helper", AssignHelper).WithName("AssignWarningCaseHelper").WithSummary("Assign a helper (帮扶责任人)")
            .WithDescription("Names the cadre who helps the borrower, with their post. A new helper replaces the last; the change is recorded. Refused on a resolved case.")
            .Refuses(ErrorCodes.CaseNotFound, ErrorCodes.CaseResolved, ErrorCodes.CaseHelperInvalid);
        cases.MapPost("{id:guid}/help-records", RecordHelp).WithName("RecordWarningCaseHelp").WithSummary("Record help given (帮扶记录)")
            .WithDescription("A visit or other help: its date (from the case's opening to today's business date), what was done, a note. Needs a helper first; refused on a resolved case. Resident IDs and mobile numbers in the text are stored masked.")
            .Refuses(ErrorCodes.CaseNotFound, ErrorCodes.CaseResolved, ErrorCodes.CaseNoHelper, ErrorCodes.CaseHelpInvalid);
        cases.MapPost("{id:guid}/resolve", Resolve).WithName("ResolveWarningCase").WithSummary("Resolve a case (解除) with a reason")
            .WithDescription("The department closes the case by hand. A case also resolves by itself at the close that finds every warning of it cleared. A warning still open stays open; a new warning of the borrower opens a new case.")
            .Refuses(ErrorCodes.CaseNotFound, ErrorCodes.CaseAlreadyResolved, ErrorCodes.CaseReasonInvalid);

        var warnings = app.MapGroup("api/v1/warnings").WithTags(Tag).RequireAuthorization(Roles.Cooperative);
        warnings.MapGet("", ListWarnings).WithName("ListLineWarnings").WithSummary("Warnings on the cooperative's lines")
            .WithDescription("Early warnings on the cooperative's own lines, in id order; open=true for those still holding, false for cleared ones. Filters: severity, kind, township. The department's case (helper, help records) is not shown.");
        return app;
    }

    private static async Task<Ok<Page<CaseResponse>>> ListCases(HttpContext http, WarningCases cases,
        CaseState? state = null, WarningSeverity? severity = null, string? township = null, Guid? cooperativeId = null,
        int? limit = null, string? cursor = null)
    {
        QueryEnum.RequireName<CaseState>(http, "state");
        QueryEnum.RequireName<WarningSeverity>(http, "severity");
        var all = await cases.ListAsync(DepartmentOf(http), new CaseFilter(state, severity, Township(township), cooperativeId),
            http.RequestAborted);
        var page = Paging.Of(all, limit, cursor);
        return TypedResults.Ok(new Page<CaseResponse>(page.Items.Select(CaseResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Ok<Page<CaseMonthResponse>>> Months(HttpContext http, WarningCases cases, int? limit = null,
        string? cursor = null)
    {
        var months = (await cases.MonthsAsync(DepartmentOf(http), http.RequestAborted)).Select(CaseMonthResponse.From).ToList();
        return TypedResults.Ok(Paging.Of(months, limit, cursor));
    }

    private static async Task<Ok<CaseDetailResponse>> GetCase(Guid id, HttpContext http, WarningCases cases) =>
        TypedResults.Ok(CaseDetailResponse.From(await cases.GetAsync(DepartmentOf(http), id, http.RequestAborted)));

    private static async Task<Ok<CaseDetailResponse>> AssignHelper(Guid id, AssignHelperRequest request, HttpContext http,
        WarningCases cases) =>
        TypedResults.Ok(CaseDetailResponse.From(await cases.AssignHelperAsync(DepartmentOf(http), id, request.HelperName,
            request.HelperPost, Actor(http), http.RequestAborted)));

    private static async Task<Ok<CaseDetailResponse>> RecordHelp(Guid id, HelpRecordRequest request, HttpContext http,
        WarningCases cases)
    {
        var date = request.Date ?? throw RequestValidationException.For("date", ErrorCodes.CaseHelpInvalid, "date is required.");
        return TypedResults.Ok(CaseDetailResponse.From(await cases.RecordHelpAsync(DepartmentOf(http), id, date, request.Action,
            request.Note, Actor(http), http.RequestAborted)));
    }

    private static async Task<Ok<CaseDetailResponse>> Resolve(Guid id, ResolveCaseRequest request, HttpContext http,
        WarningCases cases) =>
        TypedResults.Ok(CaseDetailResponse.From(await cases.ResolveAsync(DepartmentOf(http), id, request.Reason, Actor(http),
            http.RequestAborted)));

    private static async Task<Ok<Page<LineWarningResponse>>> ListWarnings(HttpContext http, LineWarnings warnings,
        bool? open = null, WarningSeverity? severity = null, WarningKind? kind = null, string? township = null,
        int? limit = null, string? cursor = null)
    {
        QueryEnum.RequireName<WarningSeverity>(http, "severity");
        QueryEnum.RequireName<WarningKind>(http, "kind");
        var size = Paging.Size(limit);
        var rows = await warnings.ListAsync(Caller.From(http.User).CooperativeId,
            new WarningFilter(open, severity, kind, Township(township)), size, Paging.ReadGuid(cursor), http.RequestAborted);
        var items = rows.Take(size).Select(LineWarningResponse.From).ToList();
        return TypedResults.Ok(new Page<LineWarningResponse>(items,
            rows.Count > size ? Paging.Write(items[^1].Id.ToString()) : null));
    }

    private static string? Township(string? code) => code is null ? null
        : code.Length is >= 2 and <= 12 && code.All(char.IsAsciiDigit) ? code
        : throw RequestValidationException.For("township", "township must be 2–12 digits of a region code (区划代码).");

    internal static Guid DepartmentOf(HttpContext http) =>
        Caller.From(http.User).TenantId ?? throw new InvalidOperationException("Not a department key.");

    /// <summary>Who made a change: the key, by id (never the key itself).</summary>
    internal static string Actor(HttpContext http) => $"key:{Caller.From(http.User).KeyId}";
}
