namespace LoanService.Domain.Borrowers;

/// <summary>
/// A borrower registered by one cooperative: a party member (党员), with the flags the programmes
/// look at. Personal data is held as validated value types whose <c>Masked</c> forms are what
/// leaves the service.
/// </summary>
public sealed class Borrower
{
    private Borrower()
    {
    }

    public Guid Id { get; private set; }
    public Guid CooperativeId { get; private set; }
    public PersonName Name { get; private set; }
    public ResidentId ResidentId { get; private set; }
    public MobileNumber Mobile { get; private set; }

    /// <summary>区划代码 of the township (9 digits) or village (12 digits); a county's 6 digits is accepted too.</summary>
    public string RegionCode { get; private set; } = "";

    public string PartyBranch { get; private set; } = "";

    /// <summary>困难党员.</summary>
    public bool InDifficulty { get; private set; }

    /// <summary>建档立卡贫困户.</summary>
    public bool RegisteredPoor { get; private set; }

    /// <summary>Opted out of SMS: only overdue notices are sent.</summary>
    public bool SmsOptOut { get; private set; }

    /// <summary>
    /// The borrower agreed that the organization department may know them by name (docs/early-warning.md):
    /// its early-warning page and API then show the name in full; resident ID and mobile stay masked.
    /// Recorded by the cooperative, which holds the signed form.
    /// </summary>
    public bool NameDisclosureAgreed { get; private set; }

    /// <summary>The business date the cooperative last recorded the agreement or its withdrawal; null if never.</summary>
    public NodaTime.LocalDate? NameDisclosureRecordedOn { get; private set; }

    /// <summary>The name as the department may see it: in full with the borrower's agreement, masked without.</summary>
    public string NameForDepartment => NameDisclosureAgreed ? Name.Value : Name.Masked;

    public void RecordNameDisclosure(bool agreed, NodaTime.LocalDate on)
    {
        NameDisclosureAgreed = agreed;
        NameDisclosureRecordedOn = on;
    }

    public static Borrower Register(Guid id, Guid cooperativeId, string? name, string? residentId, string? mobile,
        string? regionCode, string? partyBranch, bool inDifficulty, bool registeredPoor, bool smsOptOut) => new()
    {
        Id = id,
        CooperativeId = cooperativeId,
        Name = PersonName.Parse(name),
        ResidentId = ResidentId.Parse(residentId),
        Mobile = MobileNumber.Parse(mobile),
        RegionCode = Regions.ParseCode(regionCode, "regionCode"),
        PartyBranch = ParseBranch(partyBranch),
        InDifficulty = inDifficulty,
        RegisteredPoor = registeredPoor,
        SmsOptOut = smsOptOut,
    };

    private static string ParseBranch(string? text)
    {
        var value = PersonalData.Scrub((text ?? "").Trim());
        if (value.Length > 100 || !FreeText.IsClean(value))
            throw new DomainException(ErrorCodes.PartyBranchInvalid,
                "The party branch must be at most 100 characters without control characters.", RefusalKind.Invalid)
            { Field = "partyBranch" };
        return value;
    }
}

/// <summary>区划代码 (GB/T 2260 and its township/village extension): 6, 9 or 12 digits.</summary>
public static class Regions
{
    /// <summary>The township (乡镇, 9 digits) of a region code; a county code stands for itself.</summary>
    public static string Township(string regionCode) => regionCode.Length > 9 ? regionCode[..9] : regionCode;

    public static string ParseCode(string? text, string field)
    {
        var value = (text ?? "").Trim();
        if (value.Length is not (6 or 9 or 12) || !value.All(char.IsAsciiDigit))
            throw new DomainException(ErrorCodes.RegionCodeInvalid,
                "The region code (区划代码) must be 6, 9 or 12 digits.", RefusalKind.Invalid) { Field = field };
        return value;
    }

    /// <summary>
    /// Whether <paramref name="code"/> lies inside <paramref name="region"/>: a prefix of it, where a
    /// 6-digit code ending in 00 is a city (its 4 digits) and one ending in 0000 a province (its 2).
    /// </summary>
    public static bool Contains(string region, string code) =>
        code.StartsWith(Significant(region), StringComparison.Ordinal);

    private static string Significant(string region) => region.Length != 6 ? region
        : region.EndsWith("0000", StringComparison.Ordinal) ? region[..2]
        : region.EndsWith("00", StringComparison.Ordinal) ? region[..4]
        : region;
}
