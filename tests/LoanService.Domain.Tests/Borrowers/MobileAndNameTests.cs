using LoanService.Domain.Borrowers;

namespace LoanService.Domain.Tests.Borrowers;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData("+8613812345678")]
    [InlineData("008613812345678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("0086 138-1234-5678")]
    [InlineData("138 1234 5678")]
    public void Parse_AcceptedForms_StoreTheElevenDigits(string text)
    {
        Assert.Equal("13812345678", MobileNumber.Parse(text).Value);
    }

    [Theory]
    [InlineData("12812345678")] // 1[3-9] only
    [InlineData("23812345678")]
    [InlineData("1381234567")] // 10 digits
    [InlineData("138123456789")] // 12 digits
    [InlineData("8613812345678")] // 86 without + or 00
    [InlineData("+85213812345678")]
    [InlineData("1381234567a")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_InvalidNumber_IsRefusedWithMobileInvalid(string? text)
    {
        var refused = Assert.Throws<DomainException>(() => MobileNumber.Parse(text));

        Assert.Equal(ErrorCodes.MobileInvalid, refused.Code);
        Assert.Equal("mobile", refused.Field);
    }

    [Fact]
    public void Masked_Number_ShowsFirstThreeAndLastFour()
    {
        var mobile = MobileNumber.Parse("+86 138 1234 5678");

        Assert.Equal("138****5678", mobile.Masked);
        Assert.Equal("138****5678", mobile.ToString());
    }
}

public class PersonNameTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳修", "欧**")]
    [InlineData("  李四  ", "李*")]
    public void Masked_Name_KeepsFirstCharacterOnly(string text, string masked)
    {
        Assert.Equal(masked, PersonName.Parse(text).Masked);
    }

    [Fact]
    public void Masked_NameWithSupplementaryCharacter_CountsCharactersNotUtf16Units()
    {
        // 𠀀 (U+20000) is one character in two UTF-16 units: 𠀀三 → 𠀀*
        Assert.Equal("𠀀*", PersonName.Mask("𠀀三"));
    }

    [Theory]
    [InlineData("张")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("张\n三")]
    public void Parse_InvalidName_IsRefusedWithNameInvalid(string? text)
    {
        Assert.Equal(ErrorCodes.NameInvalid, Assert.Throws<DomainException>(() => PersonName.Parse(text)).Code);
    }
}
