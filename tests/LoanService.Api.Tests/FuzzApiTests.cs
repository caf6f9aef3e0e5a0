using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Api.Tests;

/// <summary>
/// Thousands of malformed requests across every endpoint, generated from a fixed seed. Each request
/// is invalid by construction (one thing wrong in an otherwise valid request). Every answer must be
/// a 4xx problem+json with a <c>code</c>, of a status the mutation allows, and the database must be
/// the same afterwards.
/// </summary>
public abstract class FuzzApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    protected abstract int Requests { get; }

    [DatabaseFact]
    public async Task MalformedRequests_AreAll4xxProblems_AndChangeNothing()
    {
        var world = await World.CreateAsync(factory);
        var generator = new FuzzGenerator(new Random(12345), world);
        var cases = generator.Generate(Requests);
        Assert.Equal(Endpoints.All.Select(e => e.ToString()).Order(), generator.Targeted.Order());
        var before = await SnapshotAsync(world);

        var http = factory.CreateClient();
        var failures = new List<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            var problem = await SendAsync(http, c, ct);
            if (problem is not null)
                lock (failures) failures.Add($"{c.Kind} {c.Method} {Shorten(c.Path)} body={Shorten(c.BodyText)}: {problem}");
        });

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {cases.Count} answers were wrong:\n" + string.Join("\n", failures.Distinct().Take(40)));
        Assert.Equal(before, await SnapshotAsync(world));
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains("Unhandled error"));
    }

    private static async Task<string?> SendAsync(HttpClient http, FuzzCase c, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(c.Method, c.Path);
        if (c.Key is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", c.Key);
        // A value with line breaks stands for the header sent several times, once per line.
        foreach (var (name, value) in c.Headers) request.Headers.TryAddWithoutValidation(name, value.Split('\n'));
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        }
        using var response = await http.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!c.Allowed.Contains(status)) return $"{status} (expected {string.Join("/", c.Allowed)}) {Shorten(text)}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {Shorten(text)}";
        try
        {
            var code = JsonNode.Parse(text)?["code"]?.GetValue<string>();
            return string.IsNullOrWhiteSpace(code) ? $"{status} without a code: {Shorten(text)}" : null;
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {Shorten(text)}";
        }
    }

    /// <summary>Row counts of every table, every line's balances, the cadences and the business date.</summary>
    private async Task<string> SnapshotAsync(World world)
    {
        var snapshot = new StringBuilder();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
            foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order())
            {
                // Table names come from the model, not from input.
                var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
                var count = await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
                snapshot.AppendLine($"{table}: {count}");
            }
        }
        foreach (var coop in new[] { world.Coop, world.OtherCoop })
        {
            snapshot.AppendLine((await coop.GetAsync("/api/v1/credit-lines?limit=200")).Expect(HttpStatusCode.OK).ToJsonString());
            snapshot.AppendLine((await coop.GetAsync("/api/v1/cooperatives/me/notice-cadence")).Expect(HttpStatusCode.OK).ToJsonString());
        }
        // A decision or a programme changes a state without adding a row.
        foreach (var (department, ids) in new[] { (world.Department, world.Own), (world.OtherDepartment, world.Others) })
        {
            snapshot.AppendLine((await department.GetAsync($"/api/v1/subsidy-programs/{ids.ProgramId}")).Expect(HttpStatusCode.OK).ToJsonString());
            snapshot.AppendLine((await department.GetAsync($"/api/v1/subsidy-claims/{ids.ClaimId}")).Expect(HttpStatusCode.OK).ToJsonString());
        }
        snapshot.AppendLine((await world.Operator.GetAsync("/api/v1/subsidy-programs")).Expect(HttpStatusCode.OK).ToJsonString());
        snapshot.AppendLine((await world.Operator.GetAsync("/api/v1/business-date")).Expect(HttpStatusCode.OK).ToJsonString());
        return snapshot.ToString();
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length <= 160 ? text : text[..160] + "…";
}

/// <summary>
/// Two tenants (see <see cref="TwoTenants"/>): each a cooperative with a subsidized line (1,000.00 drawn) and
/// its borrower, a department with a programme, and the cooperative's claim; and their keys.
/// </summary>
internal sealed record World(ApiClient Operator, ApiClient Coop, ApiClient OtherCoop, ApiClient Department,
    ApiClient OtherDepartment, string OperatorKey, string CoopKey, string OtherCoopKey, string DepartmentKey,
    string OtherDepartmentKey, TenantIds Own, TenantIds Others)
{
    public static async Task<World> CreateAsync(ApiFactory factory)
    {
        var (own, others) = await TwoTenants.CreateAsync(factory);
        return new World(factory.Operator(), own.Coop, others.Coop, own.Department, others.Department, ApiFactory.OperatorKey,
            own.CoopKey, others.CoopKey, own.DepartmentKey, others.DepartmentKey, own.Ids, others.Ids);
    }
}

internal sealed record FuzzCase(string Kind, HttpMethod Method, string Path, string? Key, byte[]? Body, string? ContentType,
    IReadOnlyDictionary<string, string> Headers, int[] Allowed)
{
    public string? BodyText => Body is null ? null : Encoding.UTF8.GetString(Body);
}

/// <summary>Makes requests each of which is wrong in one way, and says which statuses that wrong allows.</summary>
internal sealed class FuzzGenerator(Random random, World world)
{
    private static readonly int[] BadRequest = [400];
    private static readonly int[] Refused = [400, 422];

    /// <summary>Bad values per kind of field; each is wrong for every field of its kind.</summary>
    private static readonly string[] BadMoney =
    [
        "\"100\"", "[100]", "{}", "true", "null", "1e400", "-1e400", "79228162514264337593543950336",
        "-79228162514264337593543950336", "100.001", "0.001", "0.005", "1.999", "-1", "-0.01", "-100000", "0", "0.00",
        "1e-7", "100.0000000000000000000000001", "NaN", "\"Infinity\"", "79228162514264337593543950335", "9999999999999999.99",
        // Exact only past 28 places: the decimal would round them to 1 and 0.
        "1.0000000000000000000000000000001", "1e-30", "0.00000000000000000000000000001",
    ];

    private static readonly string[] BadRate =
    [
        "\"0.0435\"", "[0.0435]", "{}", "true", "null", "1e400", "-0.01", "-1", "79228162514264337593543950336",
        "79228162514264337593543950335", "0.0000001", "0",
    ];

    private static readonly string[] BadInt =
    [
        "\"12\"", "12.5", "2147483648", "-2147483649", "1e3", "-1", "0", "61", "2147483647", "-2147483648", "[12]", "null", "true",
    ];

    private static readonly string[] BadDate =
    [
        "\"2026-02-30\"", "\"yesterday\"", "20260105", "\"2026-1-5\"", "\"05/01/2026\"", "\"2026-13-01\"", "\"\"", "[]", "{}",
        "\"2026-01-05T00:00:00Z\"", "\"\\u0000\"", "\"0001-01-01\"", "\"+10000-01-01\"",
        // Outside 1900–2199, or with something after the date (NodaTime stops reading at a NUL).
        "\"0000-01-01\"", "\"-0001-01-01\"", "\"1899-12-31\"", "\"2200-01-01\"", "\"2026-01-21\\u0000xyz\"", "\"2026-01-21 \"",
    ];

    private static readonly string[] BadCadenceList = ["[1,\"a\"]", "5", "\"7\"", "[-1]", "[1,2,3,4,5,6,7,8,9,10,11,12]", "[2147483648]", "[{}]"];

    private string[] BadText =>
    [
        Quote(new string('长', 10_000)), Quote(new string('x', 10_000)), "\"\\u0000abc\"", "\"ab\\u0007cd\"", "\"a\\nb\"",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\uZZZZ\"", "\"\\x41\"", "123", "[]", "{}", "true", "\"\"", "\"   \"",
        // Bidi overrides and isolates, a directional mark, a zero-width space, a line separator.
        "\"福鼎\\u202E农信\"", "\"福鼎\\u2066农信\"", "\"福鼎\\u200F农信\"", "\"福鼎\\u200B农信\"", "\"福鼎\\u2028农信\"",
    ];

    /// <summary>The endpoints the generated requests were aimed at.</summary>
    public HashSet<string> Targeted { get; } = [];

    public List<FuzzCase> Generate(int count)
    {
        var cases = new List<FuzzCase>(count);
        while (cases.Count < count) cases.Add(Next());
        return cases;
    }

    private FuzzCase Next()
    {
        var endpoint = Pick(Endpoints.All);
        Targeted.Add(endpoint.ToString());
        return random.Next(14) switch
        {
            0 => MissingKey(endpoint),
            1 => ForgedKey(endpoint),
            2 => WrongRole(endpoint),
            3 => ForeignOrUnknownId(endpoint),
            4 => MalformedPath(endpoint),
            5 => WrongMethod(endpoint),
            6 or 7 => BadField(endpoint),
            8 => BrokenJson(endpoint),
            9 => WrongShape(endpoint),
            10 => TooLarge(endpoint),
            11 => WrongContentType(endpoint),
            12 => BadQuery(),
            _ => random.Next(6) switch
            {
                0 => BadIdempotencyKey(),
                1 => InvalidUtf8(endpoint),
                2 => DuplicateProperty(endpoint),
                3 => InvalidUtf8InUnknownField(endpoint),
                4 => RepeatedIdempotencyKey(),
                _ => UnsignedReceipt(),
            },
        };
    }

    private static bool HasBody(Endpoint e) => e.TakesBody;

    private FuzzCase Owner(string kind, Endpoint e, string? body, int[] allowed, string? path = null,
        string? contentType = "application/json", Dictionary<string, string>? headers = null, string? key = null) =>
        new(kind, e.HttpMethod, path ?? e.Path(world.Own), key ?? OwnerKey(e), body is null ? null : Encoding.UTF8.GetBytes(body),
            body is null ? null : contentType, headers ?? new Dictionary<string, string>(), allowed);

    private string OwnerKey(Endpoint e) => e.Access switch
    {
        Access.Operator => world.OperatorKey,
        Access.OrgDepartment or Access.Funder => world.DepartmentKey,
        Access.SubsidyParty or Access.SubsidyReader => random.Next(2) == 0 ? world.CoopKey : world.DepartmentKey,
        _ => world.CoopKey,
    };

    private FuzzCase MissingKey(Endpoint e) => Owner("missing key", e, e.Body(world.Own), [401]) with { Key = null };

    private FuzzCase ForgedKey(Endpoint e)
    {
        var key = random.Next(4) switch
        {
            0 => "lsk_" + RandomText(40, "abcdefghijklmnopqrstuvwxyz0123456789"),
            1 => world.CoopKey[..^1] + (world.CoopKey[^1] == 'a' ? 'b' : 'a'),
            2 => "lsk_" + new string('A', 150 + random.Next(5000)),
            _ => "' OR 1=1 --",
        };
        return Owner("forged key", e, e.Body(world.Own), [401], key: key);
    }

    private FuzzCase WrongRole(Endpoint e)
    {
        string[] keys = e.Access switch
        {
            Access.Operator => [world.CoopKey, world.OtherCoopKey, world.DepartmentKey],
            Access.Cooperative => [world.OperatorKey, world.DepartmentKey],
            Access.OrgDepartment => [world.OperatorKey, world.CoopKey, world.OtherCoopKey],
            Access.Funder => [world.CoopKey, world.OtherCoopKey],
            Access.SubsidyReader => [world.OperatorKey],
            Access.Participant => [world.DepartmentKey, world.OtherDepartmentKey],
            _ => [],
        };
        return keys.Length == 0 ? MissingKey(e) : Owner("wrong role", e, e.Body(world.Own), [403], key: Pick(keys));
    }

    private FuzzCase ForeignOrUnknownId(Endpoint e)
    {
        if (!e.Tenanted) return WrongRole(e);
        var id = random.Next(3) switch
        {
            0 => e.IdIn(world.Others).ToString(),
            1 => RandomGuid().ToString(),
            _ => Guid.Empty.ToString(),
        };
        return Owner("foreign id", e, e.Body(world.Own), [404], path: e.Path(world.Own, id));
    }

    private FuzzCase MalformedPath(Endpoint e)
    {
        // No %00: the in-process test server refuses it before the app (Kestrel answers 400 itself).
        string[] bad = ["not-a-guid", "123", "%27%20OR%201%3D1", "..%2F..%2Fhealth", "00000000-0000-0000-0000-00000000000g",
            new string('9', 2000), "%E2%80%AE", "%FF%FE", "{id}"];
        if (e.Template.Contains("{date}"))
        {
            string[] dates = ["2026-02-30", "yesterday", "20260105", "2026-1-5", "99999-01-01", "%20", new string('1', 1000),
                "0000-01-01", "-0001-01-01", "2200-01-01", "2026-01-05%20"];
            return Owner("malformed date", e, e.Body(world.Own), [400, 404], path: e.Template.Replace("{date}", Pick(dates)));
        }
        if (!e.Tenanted) return Owner("unknown path", e, e.Body(world.Own), [400, 404, 405], path: e.Template + "/" + Pick(bad));
        return Owner("malformed id", e, e.Body(world.Own), [404], path: e.Template.Replace("{id}", Pick(bad)));
    }

    private FuzzCase WrongMethod(Endpoint e)
    {
        var methods = new[] { "GET", "POST", "PUT", "DELETE", "PATCH" }
            .Where(m => !Endpoints.All.Any(o => o.Template == e.Template && o.Method == m)).ToArray();
        return Owner("wrong method", e, e.Body(world.Own), [405]) with { Method = new HttpMethod(Pick(methods)) };
    }

    private FuzzCase BadField(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var fields = Fields(e.Template);
        if (fields.Length == 0) return BrokenJson(e);
        var (name, values) = Pick(fields);
        var body = JsonNode.Parse(e.Body(world.Own)!)!.AsObject();
        var value = Pick(values);
        // A well-formed borrower id that is not this cooperative's is not found.
        int[] allowed = name == "borrowerId" ? [400, 404, 422] : Refused;
        var text = body.ToJsonString();
        var replaced = body.ContainsKey(name)
            ? ReplaceField(body, name, value)
            : text[..^1] + (text.Length > 2 ? "," : "") + $"\"{name}\":{value}}}";
        return Owner("bad " + name, e, replaced, allowed);
    }

    /// <summary>The body's fields and the bad values for each. Bodies whose fields are all optional get the same.</summary>
    private (string, string[])[] Fields(string template) => template switch
    {
        "/api/v1/cooperatives" => [("name", BadText), ("signature", [.. BadText, "\"【农信\"", "\"农\"", "\"" + new string('农', 13) + "\""])],
        "/api/v1/org-departments" => [("name", BadText), ("regionCode", [.. BadText, "\"35098\"", "\"ABCDEF\"", "350982"])],
        "/api/v1/borrowers" =>
        [
            ("name", BadText), ("residentId", [.. BadText, "\"350982198001010000\"", "\"12345\""]),
            ("mobile", [.. BadText, "\"12345\"", "\"+1 555 0100\""]), ("regionCode", [.. BadText, "\"35098\""]),
            // The party branch is optional: empty is valid, so only the rest of the bad texts.
            ("partyBranch", BadText.Where(t => t.Trim('"', ' ').Length > 0).ToArray()), ("inDifficulty", ["\"yes\"", "1", "[]"]), ("smsOptOut", ["\"no\"", "0"]),
        ],
        "/api/v1/credit-lines" =>
        [
            ("borrowerId", ["\"nope\"", "123", Quote(RandomGuid().ToString()), Quote(world.Others.BorrowerId.ToString()), "null", "[]"]),
            ("limit", BadMoney), ("annualRate", BadRate), ("termMonths", BadInt),
        ],
        "/api/v1/credit-lines/{id}/draws" => [("amount", [.. BadMoney, "79228162514264337593543950335", "100000000"])],
        "/api/v1/credit-lines/{id}/repayments" => [("amount", BadMoney)],
        "/api/v1/credit-lines/{id}/extensions" =>
            [("newMaturityDate", [.. BadDate, "\"9999-12-31\"", "\"2027-01-05\""]), ("reason", BadText)],
        "/api/v1/credit-lines/{id}/renewals" => [("limit", BadMoney), ("termMonths", BadInt), ("annualRate", BadRate)],
        "/api/v1/cooperatives/me/notice-cadence" =>
        [
            ("interestReminderDaysBefore", ["-1", "\"3\"", "1e400", "2147483648", "3.5", "[]"]),
            ("maturityReminderDaysBefore", BadCadenceList), ("overdueNoticeDaysPastDue", BadCadenceList),
        ],
        "/api/v1/operations/close-business-day" => [("through", BadDate)],
        // The department's own id is taken, whatever orgDepartmentId says: not fuzzed. Every value here is
        // wrong; a date that parses and fits would make a programme.
        "/api/v1/subsidy-programs" =>
        [
            ("name", BadText), ("funder", BadText), ("regionCode", [.. BadText, "\"35098\"", "\"350921\"", "350982"]),
            ("cooperativeIds", ["[]", "null", "{}", "[\"nope\"]", Quote(RandomGuid().ToString()), "[" + Quote(RandomGuid().ToString()) + "]"]),
            ("startDate", [.. InvalidDates, "null", "\"2027-01-01\""]), ("endDate", [.. InvalidDates, "null", "\"2025-12-31\"", "\"0001-01-01\""]),
            ("budget", BadMoney), ("principalCap", BadMoney.Where(m => m != "null").ToArray()),
            ("rateRule",
            [
                "{\"kind\":\"FixedRate\",\"value\":0.25}", "{\"kind\":\"FixedRate\",\"value\":0}", "{\"kind\":\"FixedRate\",\"value\":0.0000001}",
                "{\"kind\":\"ShareOfInterest\",\"value\":1.5}", "{\"kind\":\"BorrowerRateCeiling\",\"value\":0.24}",
                "{\"kind\":\"Nope\",\"value\":0.03}", "{\"kind\":\"fixedrate\",\"value\":0.03}", "{\"kind\":\"FixedRate\",\"kind\":\"ShareOfInterest\",\"value\":0.03}", "{\"kind\":0,\"value\":0.03}", "{\"kind\":\"FixedRate\"}", "{\"value\":0.03}",
                "null", "[]", "\"FixedRate\"",
            ]),
            ("mode", ["\"Nope\"", "null", "0", "\"\"", "[]", "\"LENDERCLAIMS\"", "\"lenderclaims \"", "\"lenderClaims\""]), ("forfeitOnLatePayment", ["\"yes\"", "1", "[]"]),
            ("coversExtendedLines", ["\"no\"", "0"]),
        ],
        // The tenant's earned subsidy is claimed already: a period that parses could only find nothing (422).
        "/api/v1/subsidy-programs/{id}/claims" =>
        [
            ("periodStart", [.. InvalidDates, "null", "\"2026-01-21\""]),
            ("periodEnd", [.. InvalidDates, "null", "\"2026-01-21\"", "\"2025-12-31\""]),
        ],
        // The cooperative accepts for itself: any other id, or none that parses, is refused.
        "/api/v1/subsidy-programs/{id}/accept" =>
            [("cooperativeId", ["\"nope\"", "123", "[]", "{}", "true", Quote(RandomGuid().ToString()), Quote(world.Others.CooperativeId.ToString())])],
        // An empty reason is a valid rejection: only reasons that must be refused.
        "/api/v1/subsidy-claims/{id}/reject" => [("reason", BadText.Where(t => t.Trim('"', ' ').Length > 0).ToArray())],
        _ => [],
    };

    /// <summary>Bad dates that do not parse: <see cref="BadDate"/> without the far but valid ones.</summary>
    private static string[] InvalidDates => BadDate.Where(d => d is not ("\"0001-01-01\"" or "\"+10000-01-01\"")).ToArray();

    private static string ReplaceField(JsonObject body, string name, string value)
    {
        var parts = body.Select(p => $"\"{p.Key}\":" + (p.Key == name ? value : p.Value?.ToJsonString() ?? "null"));
        return "{" + string.Join(",", parts) + "}";
    }

    private FuzzCase BrokenJson(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var valid = e.Body(world.Own)!;
        string[] broken =
        [
            "{", "}", "[", "{\"a\":}", "{amount:1}", "{'amount':1}", "{\"amount\":1,}", "{\"amount\":1}}", "nul", "tru",
            "{\"amount\":01}", "{\"amount\":NaN}", "{\"amount\":Infinity}", "{\"amount\":1} trailing", "{\"a\":\"\\x\"}",
            "{\"a\":\"unterminated}", "{\"a\":1 \"b\":2}", "\u0000", "/* comment */ {}", "{\"a\":[1,2}",
            new string('[', 5000) + new string(']', 5000), new string('[', 10_000), "{\"a\":" + new string('{', 2000),
        ];
        var body = random.Next(2) == 0 ? valid[..random.Next(1, valid.Length)] : Pick(broken);
        return Owner("broken json", e, body, BadRequest);
    }

    private FuzzCase WrongShape(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var valid = e.Body(world.Own)!;
        var body = Pick(new[] { "[" + valid + "]", "[]", "42", "\"text\"", "true", "[{}]", Quote(valid) });
        return Owner("wrong shape", e, body, BadRequest);
    }

    private FuzzCase TooLarge(Endpoint e)
    {
        var valid = HasBody(e) ? e.Body(world.Own)! : "{}";
        var padding = new string('x', 64 * 1024 + random.Next(64 * 1024));
        var body = valid[..^1] + (valid.Length > 2 ? "," : "") + $"\"padding\":\"{padding}\"}}";
        return Owner("too large", e, body, [413]);
    }

    private FuzzCase WrongContentType(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var type = Pick(new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "json", "application/jsonx", "" });
        return Owner("content type " + type, e, e.Body(world.Own), [400, 415], contentType: type is "" ? null : type);
    }

    private FuzzCase InvalidUtf8(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var valid = Encoding.UTF8.GetBytes(e.Body(world.Own)!);
        // Inside the first string value: a lone continuation byte, an overlong form or a truncated sequence.
        var at = Array.IndexOf(valid, (byte)':') + 2;
        if (at < 2 || at >= valid.Length || valid[at - 1] != (byte)'"') at = 1;
        byte[] junk = Pick(new byte[][] { [0xFF], [0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80] });
        var body = valid[..at].Concat(junk).Concat(valid[at..]).ToArray();
        return new FuzzCase("invalid utf-8", e.HttpMethod, e.Path(world.Own), OwnerKey(e), body, "application/json",
            new Dictionary<string, string>(), BadRequest);
    }

    /// <summary>A property named twice, as the body's own field or an unknown one, nested or not, or differing in case.</summary>
    private FuzzCase DuplicateProperty(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var valid = e.Body(world.Own)!;
        var body = JsonNode.Parse(valid)!.AsObject();
        var first = body.FirstOrDefault();
        var inner = valid[1..^1];
        var doubled = random.Next(4) switch
        {
            0 when first.Key is not null => "{" + inner + $",\"{first.Key}\":" + (first.Value?.ToJsonString() ?? "null") + "}",
            1 when first.Key is not null => "{" + inner + $",\"{char.ToUpperInvariant(first.Key[0])}{first.Key[1..]}\":" + (first.Value?.ToJsonString() ?? "null") + "}",
            2 => "{" + inner + (inner.Length > 0 ? "," : "") + "\"note\":{\"a\":1,\"a\":2}}",
            _ => "{\"note\":1,\"note\":2" + (inner.Length > 0 ? "," : "") + inner + "}",
        };
        return Owner("duplicate property", e, doubled, BadRequest);
    }

    /// <summary>Malformed UTF-8 inside a field the endpoint does not know, which the serializer would skip.</summary>
    private FuzzCase InvalidUtf8InUnknownField(Endpoint e)
    {
        if (!HasBody(e)) return BadQueryOr(e);
        var valid = Encoding.UTF8.GetBytes(e.Body(world.Own)!);
        byte[] junk = Pick(new byte[][] { [0xFF], [0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80] });
        var field = Encoding.UTF8.GetBytes((valid.Length > 2 ? "," : "") + "\"note\":\"a");
        var body = valid[..^1].Concat(field).Concat(junk).Concat("b\"}"u8.ToArray()).ToArray();
        return new FuzzCase("invalid utf-8 in an unknown field", e.HttpMethod, e.Path(world.Own), OwnerKey(e), body, "application/json",
            new Dictionary<string, string>(), BadRequest);
    }

    /// <summary>The Idempotency-Key header sent twice: joined, the two would read as one key <c>k1,k2</c>.</summary>
    private FuzzCase RepeatedIdempotencyKey()
    {
        var e = Pick(Endpoints.All.Where(x => x.Template.EndsWith("/draws") || x.Template.EndsWith("/repayments")
                                             || x.Template.EndsWith("/extensions") || x.Template.EndsWith("/renewals")).ToArray());
        var key = "fuzz-" + RandomText(8, "abcdef0123456789");
        return Owner("repeated idempotency key", e, e.Body(world.Own), BadRequest,
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = key + "\n" + key + "-2" });
    }

    private FuzzCase BadQueryOr(Endpoint e) => random.Next(2) == 0 ? BadQuery() : MissingKey(e);

    private FuzzCase BadQuery()
    {
        var (path, key, parameters) = random.Next(5) switch
        {
            4 => ($"/api/v1/subsidy-programs/{world.Own.ProgramId}/liabilities", random.Next(2) == 0 ? world.CoopKey : world.DepartmentKey,
                new[] { "asOf" }),
            0 => ("/api/v1/credit-lines", world.CoopKey, new[] { "limit", "cursor", "status", "classification" }),
            1 => ($"/api/v1/credit-lines/{world.Own.LineId}/transactions", world.CoopKey, new[] { "limit", "cursor" }),
            2 => ($"/api/v1/credit-lines/{world.Own.LineId}/notices", world.CoopKey, new[] { "limit", "cursor" }),
            _ => ("/api/v1/operations/close-runs", world.OperatorKey, new[] { "limit", "cursor" }),
        };
        var name = Pick(parameters);
        var value = name switch
        {
            "limit" => Pick(new[] { "-1", "0", "201", "abc", "99999999999", "1.5", "1e2", "%00", "" + new string('9', 500) }),
            // 2027-01-01 parses but is after the business date.
            "asOf" => Pick(new[] { "2026-02-30", "yesterday", "20260105", "2026-1-5", "2027-01-01", "%00", "%FF%FE", new string('9', 500),
                "-2026-01-01", "0000-01-01", "2026-01-05%00xyz", "2026-01-05x" }),
            "cursor" => Pick(new[] { "garbage", "!!!", "%00", "Zm9v", "bm90LWEtZ3VpZA", "LTE", "OTk5OTk5OTk5OTk", new string('A', 5000), "%FF%FE", "a b" }),
            _ => Pick(new[] { "Nope", "active%00", "Active,Frozen", "%FF", "", "\u0001" }),
        };
        if (name is "status" or "classification" && value == "") value = "%20";
        return new FuzzCase("query " + name, HttpMethod.Get, $"{path}?{name}={value}", key, null, null,
            new Dictionary<string, string>(), BadRequest);
    }

    private FuzzCase BadIdempotencyKey()
    {
        var e = Pick(Endpoints.All.Where(x => x.Template.EndsWith("/draws") || x.Template.EndsWith("/repayments")).ToArray());
        var key = Pick(new[] { new string('k', 129 + random.Next(1000)), "has space", "tab\there", "é-accent" });
        return Owner("idempotency key", e, e.Body(world.Own), BadRequest,
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = key });
    }

    private FuzzCase UnsignedReceipt()
    {
        var body = Pick(new[]
        {
            "{\"clientReference\":\"" + RandomGuid() + "\",\"status\":\"Delivered\"}", "{", "[]", "",
            "{\"clientReference\":\"x\",\"status\":\"Nope\"}",
        });
        var headers = new Dictionary<string, string>();
        if (random.Next(2) == 0)
        {
            headers["X-Sms-Key-Id"] = "forged";
            headers["X-Sms-Timestamp"] = Pick(new[] { "0", "abc", "99999999999999999999", "2026-01-05T02:00:00Z" });
            headers["X-Sms-Nonce"] = RandomText(16, "abcdef0123456789");
            headers["X-Sms-Content-SHA256"] = RandomText(64, "abcdef0123456789");
            headers["X-Sms-Signature"] = RandomText(44, "ABCDEFabcdef0123456789+/");
        }
        return new FuzzCase("unsigned receipt", HttpMethod.Post, Endpoints.SmsReceipts, Pick(new[] { null, world.OperatorKey, world.CoopKey }),
            Encoding.UTF8.GetBytes(body), "application/json", headers, [401]);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private Guid RandomGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private string RandomText(int length, string alphabet) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}

public sealed class FuzzApiTestsOnSqlite(UnthrottledSqliteApiFactory factory) : FuzzApiTests<UnthrottledSqliteApiFactory>(factory)
{
    protected override int Requests => 10_000;
}

public sealed class FuzzApiTestsOnPostgres(UnthrottledPostgresApiFactory factory) : FuzzApiTests<UnthrottledPostgresApiFactory>(factory), IPostgresTests
{
    protected override int Requests => 1_000;
}
