namespace LoanService.Api.Web;

/// <summary>
/// Names of the townships (乡镇级, 9-digit 统计用区划代码) the page can name; any other code is shown as
/// the code itself. Only 福鼎市 (350982) for now: the service keeps codes, not a gazetteer, and a
/// department elsewhere sees its codes until its names are added here.
/// </summary>
public static class Townships
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["350982001"] = "桐山街道",
        ["350982002"] = "桐城街道",
        ["350982003"] = "山前街道",
        ["350982100"] = "贯岭镇",
        ["350982101"] = "前岐镇",
        ["350982102"] = "沙埕镇",
        ["350982103"] = "店下镇",
        ["350982104"] = "太姥山镇",
        ["350982105"] = "磻溪镇",
        ["350982106"] = "白琳镇",
        ["350982107"] = "点头镇",
        ["350982108"] = "管阳镇",
        ["350982109"] = "嵛山镇",
        ["350982200"] = "硖门畲族乡",
        ["350982201"] = "叠石乡",
        ["350982202"] = "佳阳畲族乡",
    };

    /// <summary>The township's name, or its code when it is not known here.</summary>
    public static string Name(string code) => Names.GetValueOrDefault(code, code);
}
