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
