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

    public const int SignatureMinLength = 2;
    public const int SignatureMaxLength = 12;

    /// <summary>
    /// A cooperative's SMS signature (签名), the name the borrower sees in 【】: 2–12 characters of
    /// <see cref="FreeText.IsClean">clean text</see>, without 【 or 】 of its own.
    /// </summary>
    public static bool IsValidSignature(string signature) =>
        signature.Length is >= SignatureMinLength and <= SignatureMaxLength
        && !signature.Contains('【') && !signature.Contains('】') && FreeText.IsClean(signature);

    /// <summary>
    /// A signature as a cooperative registers it: trimmed, any personal data in it masked, and 【】 around it
    /// dropped (a cooperative often writes it as the borrower sees it); null when what is left is not
    /// <see cref="IsValidSignature">valid</see>.
    /// </summary>
    public static string? Signature(string? value)
    {
        var text = Borrowers.PersonalData.Scrub((value ?? "").Trim());
        if (text.StartsWith('【') && text.EndsWith('】')) text = text[1..^1].Trim();
        return IsValidSignature(text) ? text : null;
    }

    public static SmsText Compose(string signature, string body)
    {
        if (!IsValidSignature(signature))
            throw new DomainException(ErrorCodes.SmsSignatureInvalid,
                $"The SMS signature must be {SignatureMinLength}–{SignatureMaxLength} characters without 【 or 】 or control characters.",
                RefusalKind.Invalid);
        if (body.Contains('【') || body.Contains('】'))
            throw new DomainException(ErrorCodes.SmsTextInvalid, "An SMS body may not contain 【 or 】.", RefusalKind.Invalid);
        var text = $"【{signature}】{body}";
        if (text.Length > MaxLength)
            throw new DomainException(ErrorCodes.SmsTextInvalid, $"An SMS may be at most {MaxLength} characters.", RefusalKind.Invalid);
        return new SmsText(text);
    }

    public override string ToString() => Text;
}
