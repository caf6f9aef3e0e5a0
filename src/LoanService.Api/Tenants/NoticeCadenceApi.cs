using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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

    private static async Task<Ok<NoticeCadenceResponse>> Get(HttpContext http, LoanServiceDbContext db)
    {
        var cooperative = await Load(http, db);
        return TypedResults.Ok(NoticeCadenceResponse.From(cooperative.Cadence));
    }

    private static async Task<Ok<NoticeCadenceResponse>> Put(NoticeCadenceRequest request, HttpContext http, LoanServiceDbContext db)
    {
        var cooperative = await Load(http, db);
        var defaults = NoticeCadence.Default;
        var cadence = new NoticeCadence
        {
            InterestReminderDaysBefore = request.InterestReminderDaysBefore ?? defaults.InterestReminderDaysBefore,
            MaturityReminderDaysBefore = request.MaturityReminderDaysBefore?.Distinct().OrderDescending().ToArray() ?? defaults.MaturityReminderDaysBefore,
            OverdueNoticeDaysPastDue = request.OverdueNoticeDaysPastDue?.Distinct().Order().ToArray() ?? defaults.OverdueNoticeDaysPastDue,
        }.Validate();
        if (cadence.MaturityReminderDaysBefore.Count > 5 || cadence.OverdueNoticeDaysPastDue.Count > 10)
            throw RequestValidationException.For("cadence", "At most 5 maturity reminders and 10 overdue notices.");
        cooperative.NoticeCadence = JsonSerializer.Serialize(cadence);
        await db.SaveChangesAsync();
        return TypedResults.Ok(NoticeCadenceResponse.From(cadence));
    }

    private static async Task<Cooperative> Load(HttpContext http, LoanServiceDbContext db)
    {
        var id = Caller.From(http.User).CooperativeId;
        return await db.Cooperatives.SingleOrDefaultAsync(c => c.Id == id)
               ?? throw new NotFoundException("cooperative.not_found", "The cooperative of this key was not found.");
    }
}
