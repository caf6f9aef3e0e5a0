namespace LoanService.Domain.Borrowers;

/// <summary>A borrower's name as on the resident ID, 2–30 characters, no control characters.</summary>
public readonly record struct PersonName
{
    private PersonName(string value) => Value = value;

    public string Value { get; }

    public static PersonName Parse(string? text)
    {
        var value = (text ?? "").Trim();
        if (value.Length is < 2 or > 30 || !FreeText.IsClean(value))
            throw new DomainException(ErrorCodes.NameInvalid, "The name must be 2–30 characters without control characters.",
                RefusalKind.Invalid) { Field = "name" };
        return new PersonName(value);
    }

    /// <summary>The family name's first character and a star for each other one: 张三 → <c>张*</c>, 欧阳修 → <c>欧**</c>.</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value)
    {
        var chars = value.EnumerateRunes().ToArray();
        return chars.Length == 0 ? "" : chars[0] + new string('*', chars.Length - 1);
    }

    public override string ToString() => Masked;
}
