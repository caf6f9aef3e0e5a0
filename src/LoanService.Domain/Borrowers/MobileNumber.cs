namespace LoanService.Domain.Borrowers;

/// <summary>A mainland mobile number, stored as its 11 digits (<c>1[3-9]</c> + 9 digits).</summary>
public readonly record struct MobileNumber
{
    private MobileNumber(string value) => Value = value;

    public string Value { get; }

    /// <summary>Accepts <c>13812345678</c>, <c>+8613812345678</c>, <c>008613812345678</c>, with spaces or hyphens.</summary>
    public static MobileNumber Parse(string? text)
    {
        var digits = new string((text ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        if (digits.Length != 11 || digits[0] != '1' || digits[1] is < '3' or > '9' || !digits.All(char.IsAsciiDigit))
            throw new DomainException(ErrorCodes.MobileInvalid,
                "The mobile number must be 1[3-9] followed by 9 digits (+86 or 0086 may precede it).",
                RefusalKind.Invalid) { Field = "mobile" };
        return new MobileNumber(digits);
    }

    /// <summary><c>138****5678</c>.</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value) =>
        value.Length == 11 ? value[..3] + "****" + value[7..] : new string('*', value.Length);

    public override string ToString() => Masked;
}
