using System.Net;
using System.Text;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Bodies over 64 KB are refused with 413 before anything is posted.</summary>
public abstract class RequestSizeApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly ApiClient _operator = factory.Operator();

    [DatabaseFact]
    public async Task Post_BodyOver64KB_Is413TooLarge()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();
        // Valid JSON, 64 KB of padding in an unknown member: 65536 + the rest > 65536 bytes.
        var body = "{\"amount\": 100, \"padding\": \"" + new string('x', 64 * 1024) + "\"}";

        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", body))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        (await _operator.PostAsync("/api/v1/cooperatives", "{\"name\": \"" + new string('社', 30_000) + "\", \"signature\": \"福鼎农信\"}"))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");

        var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.00m, line.Money("principal"));
    }

    [DatabaseFact]
    public async Task Post_ChunkedBodyOver64KB_Is413TooLarge()
    {
        var created = (await _operator.PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature = "福鼎农信" }))
            .Expect(HttpStatusCode.Created);
        var key = created["apiKey"]!.GetValue<string>();
        var id = (await factory.WithKey(key).OpenLineAsync())["id"]!.GetValue<Guid>();
        var body = "{\"amount\": 100, \"padding\": \"" + new string('x', 64 * 1024) + "\"}";

        // A stream of unknown length goes out chunked, without Content-Length.
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/credit-lines/{id}/draws")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Api-Key", key);
        request.Headers.TransferEncodingChunked = true;
        using var answer = await http.SendAsync(request);
        new Response(answer.StatusCode, await answer.Content.ReadAsStringAsync(), answer.Content.Headers.ContentType?.MediaType,
                new Dictionary<string, string>())
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");

        var line = (await factory.WithKey(key).GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.00m, line.Money("principal"));
    }

    [DatabaseFact]
    public async Task Post_BodyJustUnder64KB_IsAccepted()
    {
        var (coop, _) = await _operator.CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();
        var head = "{\"amount\": 100, \"padding\": \"";
        var body = head + new string('x', 64 * 1024 - head.Length - 2) + "\"}";
        Assert.Equal(64 * 1024, body.Length);

        var draw = (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", body)).Expect(HttpStatusCode.Created);
        Assert.Equal(100.00m, draw.Money("amount"));
    }
}

/// <summary>A readable stream that will not tell its length, so that HttpClient sends it chunked.</summary>
internal sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
}

public sealed class RequestSizeApiTestsOnSqlite(SqliteApiFactory factory) : RequestSizeApiTests<SqliteApiFactory>(factory);

public sealed class RequestSizeApiTestsOnPostgres(PostgresApiFactory factory)
    : RequestSizeApiTests<PostgresApiFactory>(factory), IPostgresTests;

/// <summary>Oversized headers are answered 431 problem+json by the app, not with Kestrel's bare status.</summary>
public sealed class RequestHeaderSizeApiTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task Headers_Over32KB_Are431Problem_AndUnder32KBPass()
    {
        var op = factory.Operator();

        // 40 KB of one header: over the 32 KB the service accepts, under Kestrel's own 64 KB.
        var big = await op.SendAsync(HttpMethod.Get, "/api/v1/business-date", headers: new Dictionary<string, string> { ["X-Padding"] = new string('x', 40 * 1024) });
        var problem = big.ExpectProblem(HttpStatusCode.RequestHeaderFieldsTooLarge, "request.headers_too_large");
        Assert.Contains("32 KB", problem["detail"]!.GetValue<string>());

        (await op.SendAsync(HttpMethod.Get, "/api/v1/business-date", headers: new Dictionary<string, string> { ["X-Padding"] = new string('x', 20 * 1024) }))
            .Expect(HttpStatusCode.OK);
    }
}
