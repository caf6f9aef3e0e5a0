using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>Answers the framework writes itself (no route, wrong method, wrong media type) carry a code too.</summary>
public sealed class ProblemCodeApiTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task MalformedLineId_Is404RouteNotFound()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);

        (await coop.PostAsync("/api/v1/credit-lines/not-a-guid/draws", new { amount = 100m }))
            .ExpectProblem(HttpStatusCode.NotFound, "route.not_found");
        (await coop.GetAsync("/api/v1/credit-lines/123")).ExpectProblem(HttpStatusCode.NotFound, "route.not_found");
    }

    [Fact]
    public async Task WrongMethod_Is405MethodNotAllowed()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();

        (await coop.SendAsync(HttpMethod.Delete, $"/api/v1/credit-lines/{id}"))
            .ExpectProblem(HttpStatusCode.MethodNotAllowed, "method.not_allowed");
        (await coop.SendAsync(HttpMethod.Get, $"/api/v1/credit-lines/{id}/draws"))
            .ExpectProblem(HttpStatusCode.MethodNotAllowed, "method.not_allowed");
    }

    [Fact]
    public async Task JsonBodySentAsXml_Is415UnsupportedMediaType_AndPostsNothing()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var id = (await coop.OpenLineAsync())["id"]!.GetValue<Guid>();

        var answer = await coop.SendAsync(HttpMethod.Post, $"/api/v1/credit-lines/{id}/draws", "{\"amount\": 100}",
            contentType: "application/xml");

        answer.ExpectProblem(HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
        Assert.Equal(0.00m, (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK).Money("principal"));
    }

    [Fact]
    public async Task ListLines_StatusAsNumberOrList_Is400()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        await coop.OpenLineAsync();

        // Enum.TryParse would read "Active,Frozen" as Frozen and "0" as Active.
        foreach (var query in new[] { "status=Active,Frozen", "status=0", "classification=1" })
        {
            var problem = (await coop.GetAsync($"/api/v1/credit-lines?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "request.invalid");
            Assert.NotNull(problem["errors"]![query.Split('=')[0]]);
        }
        var active = (await coop.GetAsync("/api/v1/credit-lines?status=Active")).Expect(HttpStatusCode.OK);
        Assert.Single(active["items"]!.AsArray());
    }
}
