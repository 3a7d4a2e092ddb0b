using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FanClub.Web.Entitlements;

/// <summary>
/// Whether this node has loaded every member's answer yet. Part of readiness: a node that joins a
/// launch night cold would send each first question of 100,000 members to the database at once.
/// </summary>
public sealed class EntitlementCacheState : IHealthCheck
{
    private volatile string? _warmed;

    public bool IsWarm => _warmed is not null;

    public string Description => _warmed ?? "loading";

    public void Warmed(int members, TimeSpan elapsed) => _warmed = $"{members} members loaded in {elapsed.TotalMilliseconds:F0} ms";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_warmed is { } done ? HealthCheckResult.Healthy(done) : HealthCheckResult.Unhealthy("Loading members' entitlements."));
}
