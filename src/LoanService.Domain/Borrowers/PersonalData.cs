using System.Text;
using System.Text.RegularExpressions;

namespace LoanService.Domain.Borrowers;

/// <summary>
/// Masks resident IDs and mobile numbers inside free text that came from outside (an SMS provider's
/// error, a receipt, a reason) before it is stored, shown or logged. Numbers are found in the forms
/// people and gateways write them: bare, <c>+86</c> or <c>0086</c> in front, grouped with spaces,
/// hyphens or dots (<c>150-0468-7710</c>, <c>+86 150 0468 7710</c>), in full-width digits
/// (<c>１５００４６８７７１０</c>). A match is masked as <see cref="MobileNumber.Mask"/> and
/// <see cref="ResidentId.Mask"/> mask the stored values; the rest of the text is kept as it came.
/// </summary>
public static partial class PersonalData
{
    public static string Scrub(string text)
    {
        if (text.Length == 0) return text;
        // Numbers are found in a copy with full-width forms folded to ASCII (one character for one, so
        // positions agree) and masked in the text itself: nothing but a match changes (a 全角 dash stays).
        var (original, folded) = (text, FoldWidth(text));
        // Resident IDs first: an 18-character ID holds 11-digit runs that would otherwise read as a mobile.
        (original, folded) = Mask(original, folded, ResidentIdLike(), m => ResidentId.Mask(Compact(m.Value).ToUpperInvariant()));
        return Mask(original, folded, MobileLike(), m => MobileNumber.Mask(Compact(m.Groups["number"].Value))).Original;
    }

    private static (string Original, string Folded) Mask(string original, string folded, Regex pattern, Func<Match, string> mask)
    {
        var matches = pattern.Matches(folded);
        if (matches.Count == 0) return (original, folded);
        var (o, f, at) = (new StringBuilder(), new StringBuilder(), 0);
        foreach (Match m in matches)
        {
            var masked = mask(m);
            o.Append(original, at, m.Index - at).Append(masked);
            f.Append(folded, at, m.Index - at).Append(masked);
            at = m.Index + m.Length;
        }
        o.Append(original, at, original.Length - at);
        f.Append(folded, at, folded.Length - at);
        return (o.ToString(), f.ToString());
    }

    /// <summary>Full-width digits, plus, hyphen and the ideographic space read as their ASCII forms.</summary>
    private static string FoldWidth(string text)
    {
        StringBuilder? folded = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ascii = c switch
            {
                >= '\uFF10' and <= '\uFF19' => (char)('0' + (c - '\uFF10')),
                '\uFF0B' => '+',
                '\uFF0D' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' => '-',
                '\uFF38' => 'X',
                '\uFF58' => 'x',
                '\u3000' => ' ',
                _ => c,
            };
            if (ascii != c) (folded ??= new StringBuilder(text))[i] = ascii;
        }
        return folded?.ToString() ?? text;
    }

    private static string Compact(string text) => new(text.Where(c => char.IsAsciiDigit(c) || c is 'X' or 'x').ToArray());

    // 17 digits and a digit or X, each optionally followed by one separator, not inside a longer run of digits.
    [GeneratedRegex(@"(?<![0-9])(?:[0-9][ .\-]?){17}[0-9Xx](?![0-9Xx])")]
    private static partial Regex ResidentIdLike();

    // An optional +86 / 0086 / 86 country code, then 1[3-9] and 9 digits, separators allowed between digits.
    [GeneratedRegex(@"(?<![0-9+])(?:(?:\+|00)?[ .\-]?86[ .\-]?)?(?<number>1[ .\-]?[3-9](?:[ .\-]?[0-9]){9})(?![0-9])")]
    private static partial Regex MobileLike();
}
