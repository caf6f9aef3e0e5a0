using LoanService.Api.Setup;
using LoanService.Domain.CreditLines;
using LoanService.Application.CreditLines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanService.Api.CreditLines;

public static class ListLines
{
    public static async Task<Ok<Page<CreditLineResponse>>> Handle(HttpContext http, CreditLineQueries lines,
        CreditLineStatus? status = null, Classification? classification = null, int? limit = null, string? cursor = null)
    {
        QueryEnum.RequireName<CreditLineStatus>(http, "status");
        QueryEnum.RequireName<Classification>(http, "classification");
        var caller = Caller.From(http.User);
        var size = Paging.Size(limit);
        var after = Paging.ReadGuid(cursor);
        var page = await lines.ListAsync(caller.CooperativeId, status, classification, after, size, http.RequestAborted);
        var items = page.Lines.Select(CreditLineResponse.From).ToList();
        return TypedResults.Ok(new Page<CreditLineResponse>(items, page.More ? Paging.Write(items[^1].Id.ToString()) : null));
    }
}

/// <summary>
/// Enum query values must be one of the names, exactly (case included), as in bodies. The framework's binding uses <c>Enum.TryParse</c>, which
/// also takes numbers (<c>status=1</c>) and comma lists (<c>status=Active,Frozen</c> = Frozen), and would
/// filter by something the caller did not ask for.
/// </summary>
internal static class QueryEnum
{
    public static void RequireName<T>(HttpContext http, string name) where T : struct, Enum
    {
        if (!http.Request.Query.TryGetValue(name, out var values)) return;
        if (values.Count != 1 || !Enum.GetNames<T>().Contains(values[0], StringComparer.Ordinal))
            throw RequestValidationException.For(name, $"{name} must be one of {string.Join(", ", Enum.GetNames<T>())}.");
    }
}

/// <summary>Cursor paging: <c>?limit=50&amp;cursor=…</c>; the cursor is opaque to callers.</summary>
internal static class Paging
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static int Size(int? limit) => limit switch
    {
        null => DefaultSize,
        < 1 or > MaxSize => throw RequestValidationException.For("limit", $"limit must be 1–{MaxSize}."),
        { } n => n,
    };

    public static string Write(string position) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(position)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Read(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            throw RequestValidationException.For("cursor", "The cursor is not one this service gave out.");
        }
    }

    /// <summary>
    /// A page of a list the handler has whole in memory (programmes, claims, months: tens to hundreds),
    /// from the position the cursor names.
    /// </summary>
    public static Page<T> Of<T>(IReadOnlyList<T> all, int? limit, string? cursor)
    {
        var size = Size(limit);
        var skip = ReadInt(cursor) ?? 0;
        var items = all.Skip(skip).Take(size).ToList();
        return new Page<T>(items,
            skip + size < all.Count ? Write((skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    public static Guid? ReadGuid(string? cursor) => Read(cursor) is { } text
        ? Guid.TryParse(text, out var id) ? id : throw RequestValidationException.For("cursor", "The cursor is not one this service gave out.")
        : null;

    public static int? ReadInt(string? cursor) => Read(cursor) is { } text
        ? int.TryParse(text, out var n) && n >= 0 ? n : throw RequestValidationException.For("cursor", "The cursor is not one this service gave out.")
        : null;
}
