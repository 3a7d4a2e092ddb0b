using FanClub.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FanClub.Web.Health;

public static class HealthExtensions
{
    public const string Ready = "ready";

    /// <summary>Liveness: restart the process if this fails (also what load balancers and orchestrators probe).</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness: send no traffic to the node while this fails.</summary>
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddFanClubHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<FanClubDbContext>("database", tags: [Ready]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (restart it if not). <c>/health/ready</c>: it can
    /// serve members, database included (take it out of the load balancer if not).
    /// </summary>
    public static IEndpointRouteBuilder MapFanClubHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReadyAsync });
        return endpoints;
    }

    /// <summary>The default plain-text status, plus when to ask again if not ready (as every 503 from FanClub says).</summary>
    private static Task WriteReadyAsync(HttpContext context, HealthReport report)
    {
        if (report.Status != HealthStatus.Healthy)
        {
            context.Response.Headers.RetryAfter = Hosting.DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(report.Status.ToString());
    }
}
