using LoanService.Domain.Borrowers;

namespace LoanService.Domain.Tests.Borrowers;

public class ResidentIdTests
{
    [Fact]
    public void CheckCharacter_KnownFirst17_MatchesMod11_2()
    {
        // Σ digit × weight for 35098219800102123 = 3·7+5·9+0·10+9·5+8·8+2·4+1·2+9·1+8·6+0·3+0·7+1·9+0·10+2·5+1·8+2·4+3·2
        //   = 21+45+0+45+64+8+2+9+48+0+0+9+0+10+8+8+6 = 283; 283 mod 11 = 8 → "10X98765432"[8] = '4'
        Assert.Equal('4', ResidentId.CheckCharacter("35098219800102123"));
        // 332 mod 11 = 2 → 'X'
        Assert.Equal('X', ResidentId.CheckCharacter("35098219900307123"));
    }

    [Theory]
    [InlineData("350982198001021234")]
    [InlineData("35098219900307123X")]
    [InlineData("11010519491231002X")]
    public void Parse_ValidId_KeepsIt(string id)
    {
        Assert.Equal(id, ResidentId.Parse(id).Value);
    }

    [Fact]
    public void Parse_CheckCharacterComputed_IsValid()
    {
        var first17 = "44030419851115001";
        var id = first17 + ResidentId.CheckCharacter(first17);

        Assert.Equal(id, ResidentId.Parse(id).Value);
    }

    [Fact]
    public void Parse_LowerCaseX_IsAcceptedAndStoredUpperCase()
    {
        Assert.Equal("35098219900307123X", ResidentId.Parse("35098219900307123x").Value);
    }

    [Fact]
    public void Parse_SurroundingSpaces_AreTrimmed()
    {
        Assert.Equal("350982198001021234", ResidentId.Parse(" 350982198001021234 ").Value);
    }

    [Theory]
    [InlineData("350982198001021235")] // check character should be 4
    [InlineData("350982198001021239")]
    [InlineData("350982199902301238")] // 1999-02-30 does not exist (check character 8 is right)
    [InlineData("350982189912311238")] // born before 1900 (check character 8 is right)
    [InlineData("990982198001011238")] // 99 is no province (check character 8 is right)
    [InlineData("000982198001011239")] // 00 is no province either
    [InlineData("35098219800102123")] // 17 characters
    [InlineData("3509821980010212345")] // 19 characters
    [InlineData("35098219800102123A")]
    [InlineData("3509821980010X1234")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_InvalidId_IsRefusedWithResidentIdInvalid(string? id)
    {
        var refused = Assert.Throws<DomainException>(() => ResidentId.Parse(id));

        Assert.Equal(ErrorCodes.ResidentIdInvalid, refused.Code);
        Assert.Equal("residentId", refused.Field);
        Assert.Equal(RefusalKind.Invalid, refused.Kind);
    }

    [Fact]
    public void Masked_ValidId_ShowsRegionAndLastFour()
    {
        var id = ResidentId.Parse("350982198001021234");

        Assert.Equal("350982********1234", id.Masked);
        Assert.Equal("350982********1234", id.ToString());
    }
}
