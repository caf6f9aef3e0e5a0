using LoanService.Domain.Notices;

namespace LoanService.Domain.Tests.Notices;

/// <summary>The SMS signature's rule, written once: what registration keeps and what an SMS may be composed with.</summary>
public class SmsSignatureRuleTests
{
    [Theory]
    [InlineData("福鼎农信", "福鼎农信")]
    [InlineData("  【福鼎农信】 ", "福鼎农信")]      // as the borrower sees it: the brackets around it are dropped
    [InlineData("【 福鼎农信 】", "福鼎农信")]
    [InlineData("福鼎", "福鼎")]                   // 2 characters, the shortest
    [InlineData("福鼎市农村信用合作联社营", "福鼎市农村信用合作联社营")] // 12, the longest
    public void Signature_ValidAsGiven_IsKeptTrimmedWithoutOuterBrackets(string given, string kept)
    {
        Assert.Equal(kept, SmsText.Signature(given));
        Assert.True(SmsText.IsValidSignature(kept));
        Assert.StartsWith($"【{kept}】", SmsText.Compose(kept, "您好").Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("福")]                               // 1 character
    [InlineData("福鼎市农村信用合作联社营业")]          // 13 characters
    [InlineData("福鼎【农信")]                        // a bracket inside
    [InlineData("【福鼎】农信】")]
    [InlineData("福鼎\u202E农信")]                    // a right-to-left override would reorder every SMS
    [InlineData("福鼎\u0007农信")]                    // a control character
    public void Signature_Invalid_IsRefusedByRegistrationAndByCompose(string? given)
    {
        Assert.Null(SmsText.Signature(given));
        if (given is null) return;
        Assert.False(SmsText.IsValidSignature(given));
        var refused = Assert.Throws<DomainException>(() => SmsText.Compose(given, "您好"));
        Assert.Equal(ErrorCodes.SmsSignatureInvalid, refused.Code);
    }
}

/// <summary>A decision's reason, written once: a claim's rejection and a line's extension keep it the same way.</summary>
public class ReasonRuleTests
{
    [Theory]
    [InlineData("  材料不全 ", "材料不全")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("请联系13812345678补材料", "请联系138****5678补材料")] // a mobile in a reason is masked
    public void Reason_CleanText_IsKeptTrimmedAndMasked(string given, string kept) =>
        Assert.Equal(kept, FreeText.Reason(given));

    [Fact]
    public void Reason_AtTheLimit_IsKept_OneMore_IsRefused()
    {
        Assert.Equal(500, FreeText.ReasonMaxLength);
        Assert.Equal(500, FreeText.Reason(new string('缺', 500))!.Length);
        Assert.Null(FreeText.Reason(new string('缺', 501)));
        Assert.Null(FreeText.Reason("材料\u0007不全"));
    }
}
