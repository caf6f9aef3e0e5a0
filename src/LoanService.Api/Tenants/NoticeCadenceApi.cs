using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Application.Tenants;
using LoanService.Domain;
using LoanService.Domain.Notices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanService.Api.Tenants;

public sealed record NoticeCadenceRequest([Range(1, 15)] int? InterestReminderDaysBefore,
    [MaxLength(5), Range(1, 90)] int[]? MaturityReminderDaysBefore, [MaxLength(10), Range(1, 360)] int[]? OverdueNoticeDaysPastDue);

public sealed record NoticeCadenceResponse(int InterestReminderDaysBefore, IReadOnlyList<int> MaturityReminderDaysBefore,
    IReadOnlyList<int> OverdueNoticeDaysPastDue)
{
    public static NoticeCadenceResponse From(NoticeCadence c) =>
        new(c.InterestReminderDaysBefore, c.MaturityReminderDaysBefore, c.OverdueNoticeDaysPastDue);
}

/// <summary>A cooperative's SMS cadence: when reminders and overdue notices go to its borrowers.</summary>
public static class NoticeCadenceApi
{
    public static IEndpointRouteBuilder MapNoticeCadenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/cooperatives/me/notice-cadence").WithTags("Tenants").RequireAuthorization(Roles.Cooperative);
        api.MapGet("", Get).WithName("GetNoticeCadence").WithSummary("This cooperative's SMS cadence")
            .WithDescription("When interest reminders, maturity reminders and overdue notices go to the cooperative's borrowers.")
            .Refuses("cooperative.not_found");
        api.MapPut("", Put).WithName("SetNoticeCadence").WithSummary("Set this cooperative's SMS cadence")
            .WithDescription("Replaces the cadence; an omitted field takes the product's default (3 days before the settlement date; 30 and 7 days before maturity; 1, 7 and 30 days past due).")
            .Refuses("cooperative.not_found", ErrorCodes.SettingsInvalid);
        return app;
    }

    private static async Task<Ok<NoticeCadenceResponse>> Get(HttpContext http, NoticeCadences cadences) =>
        TypedResults.Ok(NoticeCadenceResponse.From(await cadences.GetAsync(Caller.From(http.User).CooperativeId)));

    private static async Task<Ok<NoticeCadenceResponse>> Put(NoticeCadenceRequest request, HttpContext http,
        NoticeCadences cadences) =>
        TypedResults.Ok(NoticeCadenceResponse.From(await cadences.SetAsync(Caller.From(http.User).CooperativeId,
            request.InterestReminderDaysBefore, request.MaturityReminderDaysBefore, request.OverdueNoticeDaysPastDue)));
}
