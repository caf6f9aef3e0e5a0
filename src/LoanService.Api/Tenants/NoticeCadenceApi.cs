using System.Text.Json;
using LoanService.Api.Setup;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Api.Tenants;

public sealed record NoticeCadenceRequest(int? InterestReminderDaysBefore, int[]? MaturityReminderDaysBefore,
    int[]? OverdueNoticeDaysPastDue);

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
        api.MapGet("", Get).WithName("GetNoticeCadence").WithSummary("This cooperative's SMS cadence");
        api.MapPut("", Put).WithName("SetNoticeCadence").WithSummary("Set this cooperative's SMS cadence (omitted fields keep the default)");
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
