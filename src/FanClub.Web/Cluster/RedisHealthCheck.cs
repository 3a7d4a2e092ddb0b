using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FanClub.Web.Cluster;

/// <summary>Ready only while Redis answers: a node cut off from it would miss chat messages and notices of other nodes.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", e);
        }
    }
}
