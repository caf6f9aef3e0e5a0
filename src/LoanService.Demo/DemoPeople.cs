using System.Globalization;
using LoanService.Domain.Borrowers;

namespace LoanService.Demo;

/// <summary>A made-up borrower: every field valid for the API, nobody real.</summary>
public sealed record DemoPerson(string Name, string ResidentId, string Mobile, string RegionCode, string PartyBranch,
    bool RegisteredPoor, bool SmsOptOut);

/// <summary>
/// Plausible people of 福鼎: common local surnames (畲族 雷/钟/蓝 among them), two-character given
/// names, resident IDs with the county's 350982 prefix and a correct check character, mobiles
/// 1[3-9]xxxxxxxxx, townships with their 统计用区划代码, weighted towards the larger ones.
/// </summary>
internal static class DemoPeople
{
    private static readonly string[] Surnames =
    [
        "林", "陈", "王", "李", "张", "吴", "黄", "郑", "周", "蔡", "朱", "雷", "钟", "蓝", "施", "缪",
        "夏", "杨", "潘", "刘", "谢", "叶", "徐", "孔", "丁", "何", "董", "翁",
    ];

    private static readonly string[] GivenFirst =
    [
        "建", "国", "秀", "美", "志", "德", "明", "文", "春", "玉", "金", "永", "丽", "学", "海", "清",
        "福", "长", "宝", "桂", "世", "少", "雪", "瑞",
    ];

    private static readonly string[] GivenSecond =
    [
        "华", "平", "英", "兰", "强", "明", "忠", "芳", "生", "珍", "林", "辉", "娟", "荣", "斌", "霞",
        "勇", "香", "水", "发", "梅", "军", "琴", "成",
    ];

    /// <summary>Township code, and how many borrowers in a hundred live there.</summary>
    private static readonly (string Code, int Weight)[] Townships =
    [
        ("350982104", 16), // 太姥山镇
        ("350982107", 14), // 点头镇
        ("350982106", 13), // 白琳镇
        ("350982101", 12), // 前岐镇
        ("350982103", 10), // 店下镇
        ("350982108", 9),  // 管阳镇
        ("350982105", 8),  // 磻溪镇
        ("350982200", 7),  // 硖门畲族乡
        ("350982201", 6),  // 叠石乡
        ("350982202", 5),  // 佳阳畲族乡
    ];

    private static readonly string[] Villages =
    [
        "东山", "后岐", "溪坪", "大坪", "岭头", "下厝", "湖林", "洋中", "双岳", "坑里", "南山", "上洋",
    ];

    private static readonly char[] MobileSecond = ['3', '5', '7', '8', '9'];

    public static DemoPerson Next(Random random, HashSet<string> residentIds)
    {
        var name = Pick(random, Surnames) + Pick(random, GivenFirst) + Pick(random, GivenSecond);
        var township = PickTownship(random);
        string residentId;
        do
        {
            var birth = new DateOnly(1962, 1, 1).AddDays(random.Next(0, 30 * 365));
            var first17 = string.Create(CultureInfo.InvariantCulture,
                $"350982{birth:yyyyMMdd}{random.Next(0, 1000):000}");
            residentId = first17 + ResidentId.CheckCharacter(first17);
        } while (!residentIds.Add(residentId));
        var mobile = "1" + MobileSecond[random.Next(MobileSecond.Length)]
                         + random.NextInt64(0, 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture);
        var branch = LoanService.Api.Web.Townships.Name(township) + Pick(random, Villages) + "村党支部";
        return new DemoPerson(name, residentId, mobile, township, branch, RegisteredPoor: random.Next(100) < 15,
            SmsOptOut: random.Next(100) < 8);
    }

    private static string PickTownship(Random random)
    {
        var roll = random.Next(Townships.Sum(t => t.Weight));
        foreach (var (code, weight) in Townships)
        {
            if (roll < weight) return code;
            roll -= weight;
        }
        return Townships[^1].Code;
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
