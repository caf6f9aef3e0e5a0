using System.Globalization;

namespace LoanService.Domain;

/// <summary>
/// What free text from outside (names, signatures, reasons) may hold. Control characters (C0, C1),
/// format characters (Unicode Cf: the bidi overrides and isolates U+202A–U+202E and U+2066–U+2069,
/// the marks U+200E/U+200F/U+061C, zero-width characters, the BOM), line and paragraph separators
/// and lone surrogates are refused: a right-to-left override in a cooperative's signature would
/// reorder the text of every SMS it opens, and none of them has a place in a name or a reason.
/// </summary>
public static class FreeText
{
    /// <summary>The longest reason a decision may carry (an extension's, a claim's rejection): the other party reads it.</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>
    /// A reason as it is kept: trimmed, with any resident ID or mobile number in it masked (the other party
    /// and the page show it); null when it is longer than <see cref="ReasonMaxLength"/> or not
    /// <see cref="IsClean">clean</see>. An empty reason comes back empty: whether one is required is the caller's.
    /// </summary>
    public static string? Reason(string? text)
    {
        var reason = Borrowers.PersonalData.Scrub((text ?? "").Trim());
        return reason.Length <= ReasonMaxLength && IsClean(reason) ? reason : null;
    }

    public static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }
        return true;
    }
}
