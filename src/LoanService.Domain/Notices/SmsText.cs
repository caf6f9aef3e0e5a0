namespace LoanService.Domain.Notices;

/// <summary>
/// An SMS as the borrower receives it: <c>【signature】body</c>. Length counts every character,
/// signature included: up to 70 is one segment, longer is ceil(n / 67) segments, at most 500.
/// </summary>
public sealed record SmsText
{
    public const int SingleSegmentLength = 70;
    public const int MultiSegmentLength = 67;
    public const int MaxLength = 500;

    private SmsText(string text) => Text = text;

    public string Text { get; }

    public int Length => Text.Length;

    public int Segments => Length <= SingleSegmentLength ? 1 : (Length + MultiSegmentLength - 1) / MultiSegmentLength;

    public static SmsText Compose(string signature, string body)
    {
        if (signature.Length is < 2 or > 12 || signature.Contains('【') || signature.Contains('】'))
            throw new DomainException(ErrorCodes.SmsSignatureInvalid,
                "The SMS signature must be 2–12 characters without 【 or 】.", RefusalKind.Invalid);
        if (body.Contains('【') || body.Contains('】'))
            throw new DomainException(ErrorCodes.SmsTextInvalid, "An SMS body may not contain 【 or 】.", RefusalKind.Invalid);
        var text = $"【{signature}】{body}";
        if (text.Length > MaxLength)
            throw new DomainException(ErrorCodes.SmsTextInvalid, $"An SMS may be at most {MaxLength} characters.", RefusalKind.Invalid);
        return new SmsText(text);
    }

    public override string ToString() => Text;
}
