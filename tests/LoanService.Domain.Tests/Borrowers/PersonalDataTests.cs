using LoanService.Domain.Borrowers;

namespace LoanService.Domain.Tests.Borrowers;

public class PersonalDataTests
{
    [Theory]
    [InlineData("13812345678 关机", "138****5678 关机")]
    [InlineData("+8613812345678", "138****5678")]
    [InlineData("008613812345678", "138****5678")]
    [InlineData("+86 138 1234 5678", "138****5678")]
    [InlineData("0086-138-1234-5678", "138****5678")]
    [InlineData("138-1234-5678", "138****5678")]
    [InlineData("138.1234.5678", "138****5678")]
    [InlineData("号码１３８１２３４５６７８停机", "号码138****5678停机")]
    [InlineData("＋８６ １３８ １２３４ ５６７８", "138****5678")]
    [InlineData("id 350982197506066062 ok", "id 350982********6062 ok")]
    [InlineData("11010519491231002x", "110105********002X")]
    [InlineData("350982 19750606 6062", "350982********6062")]
    [InlineData("３５０９８２１９７５０６０６６０６２", "350982********6062")]
    public void Scrub_MobilesAndResidentIdsInCommonForms_AreMasked(string text, string expected)
    {
        Assert.Equal(expected, PersonalData.Scrub(text));
    }

    [Theory]
    [InlineData("HTTP 400 invalid_signature: template 20260105")]
    [InlineData("amount 100000.00, code 12812345678")] // 1[3-9] only
    [InlineData("order 123456789012")] // 12 digits: neither
    [InlineData("")]
    [InlineData("党员先锋贷贴息项目（2026—2029年）")] // full-width forms outside a match are kept as written
    [InlineData("第１２期，＋３天")]
    public void Scrub_TextWithoutPersonalData_IsUnchanged(string text)
    {
        Assert.Equal(text, PersonalData.Scrub(text));
    }
}

public class FreeTextTests
{
    [Theory]
    [InlineData("福鼎农信")]
    [InlineData("欧阳 修")]
    [InlineData("𠀀字")] // a character outside the BMP: a surrogate pair, not a lone surrogate
    public void IsClean_OrdinaryText_IsTrue(string text) => Assert.True(FreeText.IsClean(text));

    [Theory]
    [InlineData("福鼎\u202E农信")] // RIGHT-TO-LEFT OVERRIDE
    [InlineData("福鼎\u2066农信")] // LEFT-TO-RIGHT ISOLATE
    [InlineData("福鼎\u200F农信")] // RIGHT-TO-LEFT MARK
    [InlineData("福鼎\u200B农信")] // ZERO WIDTH SPACE
    [InlineData("福鼎\uFEFF农信")] // BOM
    [InlineData("福鼎\u2028农信")] // LINE SEPARATOR
    [InlineData("福鼎\u0007农信")]
    [InlineData("福鼎\u0085农信")] // C1 NEXT LINE
    public void IsClean_ControlBidiAndFormatCharacters_IsFalse(string text) => Assert.False(FreeText.IsClean(text));

    [Fact]
    public void IsClean_LoneSurrogate_IsFalse()
    {
        // Built in code: a test runner's serialization would turn a lone surrogate in InlineData into U+FFFD.
        Assert.False(FreeText.IsClean("福鼎" + (char)0xD800));
        Assert.False(FreeText.IsClean((char)0xDC00 + "福鼎"));
    }
}
