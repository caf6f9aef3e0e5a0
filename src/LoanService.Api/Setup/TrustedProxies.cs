using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace LoanService.Api.Setup;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the proxies configuration
/// names: <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR ranges). Behind a TLS-terminating proxy so named, a request the proxy took over HTTPS is HTTPS to
/// the service (the department page's cookies are Secure) and the client's address picks its rate-limit
/// bucket. From anyone else the headers are ignored, loopback included (the framework's default would
/// trust it); with nothing configured the middleware is not used at all.
/// </summary>
internal static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration config)
    {
        var proxies = config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // One proxy in front: the last address it appends is the client's.
            o.ForwardLimit = 1;
        });
    }

    public static IApplicationBuilder UseTrustedProxies(this WebApplication app)
    {
        var config = app.Configuration;
        var any = (config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>()?.Length ?? 0)
                  + (config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>()?.Length ?? 0) > 0;
        return any ? app.UseForwardedHeaders() : app;
    }
}
