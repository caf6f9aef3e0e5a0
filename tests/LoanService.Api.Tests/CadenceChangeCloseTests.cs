using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// A line's next event is found with its cooperative's SMS cadence; a new cadence makes every open line of the
/// cooperative due at the next close, which finds its next event again, so the new reminder day is kept.
/// Closes days, so it has a database of its own.
/// </summary>
public abstract class CadenceChangeCloseTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task NewCadence_AfterTheLinesNextEventWasFound_SendsTheReminderOnTheNewDay()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync(limit: 100_000m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 50_000m })).Expect(HttpStatusCode.Created);
        // Closed through the 10th with the default cadence: the next event is the reminder 3 days before the 21st.
        await op.CloseThroughAsync("2026-01-10");

        (await coop.SendAsync(HttpMethod.Put, "/api/v1/cooperatives/me/notice-cadence", new { interestReminderDaysBefore = 5 }))
            .Expect(HttpStatusCode.OK);
        await op.CloseThroughAsync("2026-01-20");

        var reminders = (await coop.GetAsync($"/api/v1/credit-lines/{id}/notices")).Expect(HttpStatusCode.OK)["items"]!.AsArray()
            .Where(n => n!["kind"]!.GetValue<string>() == "InterestDueReminder").ToList();
        // Due on the 21st, 5 days before: the 16th; none on the old day, the 18th.
        Assert.Equal(["2026-01-16"], reminders.Select(n => n!["businessDate"]!.GetValue<string>()));
    }
}

public sealed class CadenceChangeCloseTestsOnSqlite(SqliteApiFactory factory) : CadenceChangeCloseTests<SqliteApiFactory>(factory);

public sealed class CadenceChangeCloseTestsOnPostgres(PostgresApiFactory factory)
    : CadenceChangeCloseTests<PostgresApiFactory>(factory), IPostgresTests;
