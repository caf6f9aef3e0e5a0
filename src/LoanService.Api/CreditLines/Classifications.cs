using LoanService.Api.Setup;
using LoanService.Application.CreditLines;
using LoanService.Domain.CreditLines;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.CreditLines;

/// <summary>A change of the line's class (五级分类): from <c>effectiveDate</c> on it is <c>to</c>, where it was <c>from</c>.</summary>
public sealed record ClassificationChangeResponse(LocalDate EffectiveDate, Classification From, Classification To)
{
    public static ClassificationChangeResponse Of(ClassificationChange c) => new(c.EffectiveDate, c.From, c.To);
}

/// <summary>The line's class on a business date.</summary>
public sealed record ClassificationOnResponse(Guid LineId, LocalDate On, Classification Classification)
{
    public static ClassificationOnResponse From(ClassificationOn c) => new(c.LineId, c.Date, c.Classification);
}

/// <summary>
/// A line's classification history (<c>GET …/classification-history</c>, oldest first) and its class on a
/// past date (<c>GET …/classification?on=</c>).
/// </summary>
public static class Classifications
{
    public static async Task<Ok<Page<ClassificationChangeResponse>>> Handle(Guid id, HttpContext http, CreditLineQueries lines,
        int? limit = null, string? cursor = null)
    {
        // Paging is checked before the line is looked up, as on the journal (docs/decisions.md).
        Paging.Size(limit);
        Paging.ReadInt(cursor);
        var changes = await lines.ClassificationHistoryAsync(Caller.From(http.User).CooperativeId, id, http.RequestAborted);
        return TypedResults.Ok(Paging.Of(changes.Select(ClassificationChangeResponse.Of).ToList(), limit, cursor));
    }

    public static async Task<Ok<ClassificationOnResponse>> On(Guid id, HttpContext http, CreditLineQueries lines,
        string? on = null)
    {
        LocalDate? date = on is null ? null : DateInput.Parse(on, "on");
        return TypedResults.Ok(ClassificationOnResponse.From(
            await lines.ClassificationOnAsync(Caller.From(http.User).CooperativeId, id, date, http.RequestAborted)));
    }
}
