using System.Globalization;

namespace LoanService.Domain.Borrowers;

/// <summary>
/// 居民身份证号 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence and an
/// ISO 7064 MOD 11-2 check character (0–9 or X). A lower-case x is accepted and stored upper-case.
/// </summary>
public readonly record struct ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    // Province-level codes of GB/T 2260 (11 北京 … 82 澳门).
    private static readonly HashSet<int> Provinces =
        [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
         50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];

    private ResidentId(string value) => Value = value;

    public string Value { get; }

    public static ResidentId Parse(string? text)
    {
        var value = (text ?? "").Trim().ToUpperInvariant();
        if (value.Length != 18 || !value[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
            throw Invalid("must be 17 digits followed by a digit or X");
        if (!Provinces.Contains(int.Parse(value[..2], CultureInfo.InvariantCulture)))
            throw Invalid("does not start with a valid region code");
        if (!DateOnly.TryParseExact(value[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900)
            throw Invalid("does not carry a valid birth date");
        if (value[17] != CheckCharacter(value))
            throw Invalid("has a wrong check character");
        return new ResidentId(value);
    }

    /// <summary>The ISO 7064 MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary><c>350982********1234</c>: region code and last four only.</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value) =>
        value.Length == 18 ? value[..6] + new string('*', 8) + value[14..] : new string('*', value.Length);

    public override string ToString() => Masked;

    private static DomainException Invalid(string why) =>
        new(ErrorCodes.ResidentIdInvalid, $"The resident ID {why}.", RefusalKind.Invalid) { Field = "residentId" };
}
