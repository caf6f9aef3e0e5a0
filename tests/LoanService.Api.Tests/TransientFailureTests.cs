using System.Data.Common;
using System.Text.Json.Nodes;
using LoanService.Api.Setup;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoanService.Api.Tests;

/// <summary>A database failure that may pass is a 503 with Retry-After, never a 500: the partner retries safely.</summary>
public class TransientFailureTests
{
    private sealed class TransientDbException() : DbException("53300: sorry, too many clients already")
    {
        public override bool IsTransient => true;
    }

    private sealed class PermanentDbException() : DbException("42P01: relation does not exist");

    [Fact]
    public async Task Handler_TransientDatabaseFailure_Is503WithRetryAfter()
    {
        var (status, retryAfter, problem) = await Handle(new InvalidOperationException(
            "An exception has been raised that is likely due to a transient failure.", new TransientDbException()));

        Assert.Equal(503, status);
        Assert.Equal("1", retryAfter);
        Assert.Equal("service.unavailable", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handler_PermanentDatabaseFailure_Is500WithoutDetails()
    {
        var (status, retryAfter, problem) = await Handle(new PermanentDbException());

        Assert.Equal(500, status);
        Assert.Null(retryAfter);
        Assert.Equal("internal_error", problem["code"]!.GetValue<string>());
        Assert.DoesNotContain("42P01", problem.ToJsonString());
    }

    private static async Task<(int Status, string? RetryAfter, JsonNode Problem)> Handle(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        return (http.Response.StatusCode, http.Response.Headers.RetryAfter.FirstOrDefault(), JsonNode.Parse(body)!);
    }
}
