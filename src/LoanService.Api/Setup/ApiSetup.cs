using LoanService.Application;
using LoanService.Api.Web;
using LoanService.Domain;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using LoanService.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using NodaTime;
using NodaTime.Text;

namespace LoanService.Api.Setup;

internal static class ApiSetup
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = RequestHeaderLimit.ServerMaxBytes;
        });

        var database = DatabaseOptions.From(config["Database:Provider"], config.GetConnectionString("LoanService"));
        services.AddInfrastructure(database);
        services.AddApplication();
        var settings = (config.GetSection("LoanService:Product").Get<ProductSettings>() ?? ProductSettings.Default).Validate();
        services.AddSingleton(settings);
        services.AddSms(config.GetSection("Sms").Get<LoanService.Infrastructure.Sms.SmsOptions>() ?? new());
        services.AddJobs(database, config.GetSection("Scheduler").Get<SchedulerOptions>() ?? new SchedulerOptions(),
            close => config.GetSection("CloseOfBusiness").Bind(close));
        services.AddScoped<Postings>();
        services.AddMemoryCache();

        services.Configure<JsonOptions>(o => JsonSetup.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            ProblemExceptionHandler.AddMissingCode(c);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Roles.Cooperative, p => p.RequireRole(Roles.Cooperative))
            .AddPolicy(Roles.OrgDepartment, p => p.RequireRole(Roles.OrgDepartment))
            .AddPolicy(Roles.Funder, p => p.RequireRole(Roles.Operator, Roles.OrgDepartment))
            .AddPolicy(Roles.SubsidyParty, p => p.RequireRole(Roles.Operator, Roles.OrgDepartment, Roles.Cooperative))
            .AddPolicy(Roles.SubsidyReader, p => p.RequireRole(Roles.OrgDepartment, Roles.Cooperative))
            .AddPolicy(Roles.Participant, p => p.RequireRole(Roles.Operator, Roles.Cooperative));

        services.AddDepartmentPage(config);
        services.AddTrustedProxies(config);
        services.AddServiceMetrics();

        services.AddApiRateLimiting((config.GetSection("RateLimiting").Get<RateLimitSettings>() ?? new RateLimitSettings()).Validate());

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "LoanService API",
                Version = "v1",
                Description = OpenApi.ContractText.Description,
            });
            o.AddSecurityDefinition("ApiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "The API key made for your cooperative, department or operator.",
            });
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("ApiKey", doc)] = [],
            });
            o.MapType<LocalDate>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", MaxLength = 10 });
            o.MapType<Instant>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", MaxLength = 40 });
            o.SupportNonNullableReferenceTypes();
            o.SchemaFilter<OpenApi.ContractSchemaFilter>();
            o.OperationFilter<OpenApi.ResponsesOperationFilter>();
            o.DocumentFilter<OpenApi.ContractDocumentFilter>();
            o.CustomSchemaIds(t => t.Name.Replace("`1", "Of") + string.Concat(t.GenericTypeArguments.Select(a => a.Name)));
        });
        return builder;
    }

    /// <summary>Migrates the database, sets the first business date and the operator key.</summary>
    public static async Task InitializeAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var config = app.Configuration;
        LocalDate? first = config["LoanService:FirstBusinessDate"] is { Length: > 0 } text
            ? LocalDatePattern.Iso.Parse(text).GetValueOrThrow()
            : null;
        await sp.GetRequiredService<DatabaseInitializer>().InitializeAsync(first);
        await sp.GetRequiredService<LoanService.Application.Access.OperatorKeys>()
            .EnsureAsync(config["LoanService:OperatorApiKey"], app.Logger);
    }

    /// <summary>
    /// <c>Swagger:UiEnabled</c>: whether <c>/swagger</c> serves the Swagger UI page. Off in Production unless
    /// set, on elsewhere; the OpenAPI document at <c>/swagger/v1/swagger.json</c> is served either way.
    /// </summary>
    internal static bool SwaggerUiEnabled(WebApplication app) =>
        app.Configuration.GetValue<bool?>("Swagger:UiEnabled") ?? !app.Environment.IsProduction();

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestHeaderLimit();
        // Authentication reads headers only; the limiter needs its answer to pick the caller's bucket,
        // and runs before a body is read. A key authentication has to look up in the database is counted
        // first, per address, by ApiKeyCache: unknown keys are limited before they cost a look-up.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseRequestBodyLimit(MaxRequestBodyBytes);
        app.UseAuthorization();
        app.UseJsonBodyCheck();
        app.UseSwagger();
        if (SwaggerUiEnabled(app)) app.UseSwaggerUI(o => o.SwaggerEndpoint("/swagger/v1/swagger.json", "LoanService v1"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}

/// <summary>Ready when the database answers and every migration is applied.</summary>
internal sealed class DatabaseHealthCheck(LoanServiceDbContext db, DatabaseInitializer initializer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database does not answer.");
            return await initializer.IsCurrentAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Migrations are pending.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database check failed.", e);
        }
    }
}
