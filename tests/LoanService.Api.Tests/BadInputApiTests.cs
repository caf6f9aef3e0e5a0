using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoanService.Api.Tests.Support;
using static LoanService.Api.Tests.Support.SubsidySupport;

namespace LoanService.Api.Tests;

/// <summary>
/// Input an attacker's probe found accepted, or answered 500: dates out of any meaningful range or with
/// junk after them, duplicated properties, numbers the decimal would round, loosely matched enums,
/// bidi controls in free text, malformed UTF-8 in unknown fields, repeated Idempotency-Key headers.
/// Each is a 400 with its own code, and changes nothing.
/// </summary>
public abstract class BadInputApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : ApiFactory
{
    private async Task<(string CoopKey, ApiClient Coop, Guid CoopId, ApiClient Department, Guid LineId)> SetUpAsync()
    {
        var op = factory.Operator();
        var created = (await op.PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature = "福鼎农信" }))
            .Expect(HttpStatusCode.Created);
        var coopKey = created["apiKey"]!.GetValue<string>();
        var coop = factory.WithKey(coopKey);
        var (department, _) = await op.CreateOrgDepartmentAsync(factory);
        var line = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();
        return (coopKey, coop, created["id"]!.GetValue<Guid>(), department, line);
    }

    private async Task<decimal> PrincipalAsync(ApiClient coop, Guid line) =>
        (await coop.GetAsync($"/api/v1/credit-lines/{line}")).Expect(HttpStatusCode.OK).Money("principal");

    private async Task<Response> SendBytesAsync(string key, string path, byte[] body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await factory.CreateClient().SendAsync(request);
        return new Response(response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType, new Dictionary<string, string>());
    }

    [DatabaseFact]
    public async Task CreateProgram_YearZeroOrNegativeOrAfter2199_Is400DateOutOfRange_AndMakesNothing()
    {
        var (_, _, coopId, department, _) = await SetUpAsync();

        foreach (var (start, end) in new[] { ("0000-01-01", "2026-12-31"), ("-0001-01-01", "2026-12-31"), ("1899-12-31", "2026-12-31"),
                     ("2026-01-01", "2200-01-01"), ("2026-01-01", "+10000-01-01") })
        {
            var problem = (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], startDate: start, endDate: end)))
                .ExpectProblem(HttpStatusCode.BadRequest, "date.out_of_range");
            Assert.NotNull(problem["errors"]![start == "2026-01-01" ? "endDate" : "startDate"]);
        }

        // The range's own ends are dates the product can mean: 1900-01-01 to 2199-12-31 makes a programme.
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], startDate: "1900-01-01", endDate: "2199-12-31")))
            .Expect(HttpStatusCode.Created);
        Assert.Single((await department.GetAsync("/api/v1/subsidy-programs")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
    }

    [DatabaseFact]
    public async Task DateWithJunkAfterIt_Is400_AndFarDatesOutOfRange_InBodyQueryAndPath()
    {
        var (_, coop, coopId, department, _) = await SetUpAsync();
        var program = await department.CreateProgramAsync(ProgramBody([coopId]));

        // NodaTime's parser stops at a NUL: "2026-01-01\u0000xyz" read as 1 January before.
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ProgramBody([coopId])))!;
        body["startDate"] = "2026-01-01\u0000xyz";
        (await department.PostAsync("/api/v1/subsidy-programs", body.ToJsonString())).ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        (await department.GetAsync($"/api/v1/subsidy-programs/{program}/liabilities?asOf=2026-01-05%00xyz"))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await department.GetAsync($"/api/v1/subsidy-programs/{program}/liabilities?asOf=-2026-01-01"))
            .ExpectProblem(HttpStatusCode.BadRequest, "date.out_of_range");
        (await department.GetAsync($"/api/v1/subsidy-programs/{program}/liabilities?asOf=0000-01-01"))
            .ExpectProblem(HttpStatusCode.BadRequest, "date.out_of_range");
        (await factory.Operator().GetAsync("/api/v1/operations/close-runs/0000-01-01"))
            .ExpectProblem(HttpStatusCode.BadRequest, "date.out_of_range");
        (await coop.PostAsync($"/api/v1/subsidy-programs/{program}/claims", new { periodStart = "0000-01-01", periodEnd = "2026-01-20" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "date.out_of_range");
        Assert.Single((await department.GetAsync("/api/v1/subsidy-programs")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
    }

    [DatabaseFact]
    public async Task Draw_WithADuplicatedProperty_Is400_AndDrawsNothing()
    {
        var (key, coop, _, _, line) = await SetUpAsync();

        // The serializer alone keeps the last value: {"amount":1,"amount":2} drew 2.00.
        foreach (var body in new[] { "{\"amount\":1,\"amount\":2}", "{\"amount\":1,\"Amount\":2}", "{\"note\":1,\"note\":2,\"amount\":1}",
                     "{\"amount\":1,\"x\":{\"y\":1,\"y\":2}}" })
        {
            var problem = (await SendBytesAsync(key, $"/api/v1/credit-lines/{line}/draws", Encoding.UTF8.GetBytes(body)))
                .ExpectProblem(HttpStatusCode.BadRequest, "request.duplicate_property");
            Assert.NotNull(problem["errors"]);
        }
        Assert.Equal(0.00m, await PrincipalAsync(coop, line));
        // One object each is no duplicate: the same name in sibling objects is fine.
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", "{\"amount\":1,\"a\":{\"y\":1},\"b\":{\"y\":2}}")).Expect(HttpStatusCode.Created);
        Assert.Equal(1.00m, await PrincipalAsync(coop, line));
    }

    [DatabaseFact]
    public async Task Draw_AmountTheDecimalWouldRound_Is400_NeverPostedRounded()
    {
        var (_, coop, _, _, line) = await SetUpAsync();

        // 1 + 10^-31 has 31 decimals: read as decimal it was 1.0000000000000000000000000000 and drew 1.00. 30 digits are rounded too.
        foreach (var amount in new[] { "1.0000000000000000000000000000001", "1.00000000000000000000000000000000000", "1234567890123456789012345678.91",
                     "1e-30", "0.1e-28" })
        {
            var answer = await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", $"{{\"amount\":{amount}}}");
            if (amount == "1.00000000000000000000000000000000000") answer.Expect(HttpStatusCode.Created); // exactly 1: trailing zeros change nothing
            else answer.ExpectProblem(HttpStatusCode.BadRequest, "number.not_exact");
        }
        // Exact, but more than 2 decimals: the domain's own refusal.
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", "{\"amount\":1.001}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "amount.too_many_decimals");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", "{\"amount\":1001e-3}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "amount.too_many_decimals");
        // 2.5e1 is 25 exactly, in another spelling.
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", "{\"amount\":2.5e1}")).Expect(HttpStatusCode.Created);
        Assert.Equal(26.00m, await PrincipalAsync(coop, line)); // 1 + 25
    }

    [DatabaseFact]
    public async Task Enums_MatchedOnlyExactly()
    {
        var (_, coop, coopId, department, _) = await SetUpAsync();

        foreach (var mode in new[] { "LENDERCLAIMS", "lenderclaims ", " LenderClaims", "lenderClaims" })
            (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], mode: mode)))
                .ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], kind: "fixedRate")))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        // The framework binds query enums case-sensitively already (request.malformed); bodies now match.
        (await coop.GetAsync("/api/v1/credit-lines?status=active")).ExpectProblem(HttpStatusCode.BadRequest, "request.malformed");
        Assert.Empty((await department.GetAsync("/api/v1/subsidy-programs")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], mode: "LenderClaims"))).Expect(HttpStatusCode.Created);
    }

    [DatabaseFact]
    public async Task BidiAndFormatCharacters_InNamesSignaturesAndReasons_Are400()
    {
        var (_, coop, coopId, department, line) = await SetUpAsync();
        var op = factory.Operator();

        // U+202E RIGHT-TO-LEFT OVERRIDE would reverse what follows it in every SMS the signature opens.
        (await op.PostAsync("/api/v1/cooperatives", new { name = "福鼎农信\u202E联社", signature = "福鼎农信" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await op.PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature = "福鼎\u202E农信" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await op.PostAsync("/api/v1/org-departments", new { name = "中共\u2066福鼎市委组织部", regionCode = "350982" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        (await department.PostAsync("/api/v1/subsidy-programs", ProgramBody([coopId], name: "贴息\u200B项目")))
            .ExpectProblem(HttpStatusCode.BadRequest, "subsidy_program.invalid");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/extensions", new { newMaturityDate = "2027-03-05", reason = "困难\u200F延期" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
        var borrower = new
        {
            name = "张\u202E三", residentId = ApiClient.NextResidentId(), mobile = "13812345678", regionCode = "350982101",
            partyBranch = "第一党支部", inDifficulty = true, registeredPoor = false, smsOptOut = false,
        };
        (await coop.PostAsync("/api/v1/borrowers", borrower)).ExpectProblem(HttpStatusCode.BadRequest, "borrower.name_invalid");
        (await coop.PostAsync("/api/v1/borrowers", borrower with { name = "张三", partyBranch = "第一\u2067党支部" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "borrower.party_branch_invalid");
        Assert.Empty((await department.GetAsync("/api/v1/subsidy-programs")).Expect(HttpStatusCode.OK)["items"]!.AsArray());
    }

    [DatabaseFact]
    public async Task MalformedUtf8_InAnUnknownField_Is400()
    {
        var (key, coop, _, _, line) = await SetUpAsync();
        var body = Encoding.UTF8.GetBytes("{\"amount\":1,\"note\":\"ab\"}");
        // "ab" becomes a, 0xFF, b: not UTF-8 in any form. The serializer skips unknown fields without decoding them.
        var at = Array.IndexOf(body, (byte)'b', 20);
        body = [.. body[..at], 0xFF, .. body[at..]];

        (await SendBytesAsync(key, $"/api/v1/credit-lines/{line}/draws", body)).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid_utf8");
        (await SendBytesAsync(key, $"/api/v1/credit-lines/{line}/draws", Encoding.UTF8.GetBytes("{\"amount\":1,\"note\":\"\\ud800\"}")))
            .ExpectProblem(HttpStatusCode.BadRequest, "request.invalid_utf8");
        Assert.Equal(0.00m, await PrincipalAsync(coop, line));
    }

    [DatabaseFact]
    public async Task Draw_WithTwoIdempotencyKeyHeaders_Is400_AndDrawsNothing()
    {
        var (key, coop, _, _, line) = await SetUpAsync();

        // Joined, the two were one key "k1,k2": neither retry would have matched it.
        (await SendBytesAsync(key, $"/api/v1/credit-lines/{line}/draws", Encoding.UTF8.GetBytes("{\"amount\":100}"),
                ("Idempotency-Key", "k1"), ("Idempotency-Key", "k2")))
            .ExpectProblem(HttpStatusCode.BadRequest, "idempotency.key_repeated");
        Assert.Equal(0.00m, await PrincipalAsync(coop, line));
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 100m }, "k1,k2")).Expect(HttpStatusCode.Created);
    }
}

public sealed class BadInputApiTestsOnSqlite(SqliteApiFactory factory) : BadInputApiTests<SqliteApiFactory>(factory);

public sealed class BadInputApiTestsOnPostgres(PostgresApiFactory factory) : BadInputApiTests<PostgresApiFactory>(factory), IPostgresTests;
