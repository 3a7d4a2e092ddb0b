using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Entitlements;

/// <summary>
/// Keeps this node's <see cref="EntitlementCache"/> right whoever made a change: it first loads
/// every member's answer (<see cref="EntitlementReader.ReadAllAsync"/>), then follows
/// <c>entitlement_changes</c> every <see cref="PollInterval"/> and forgets each member named there.
/// Changes made through this node's own DbContexts are forgotten at commit already; the feed is
/// what covers other nodes when Redis is absent or drops a message, and other processes.
/// </summary>
/// <remarks>
/// Ids are allocated at insert but become visible at commit, so a lower id can appear after a
/// higher one was read. Ids skipped over are kept as gaps and asked for again until they appear
/// or <see cref="GapLifetime"/> passes (a rolled-back insert leaves a gap forever).
/// </remarks>
public sealed partial class EntitlementChangeFeed(
    IServiceScopeFactory scopes, EntitlementCache cache, EntitlementCacheState state, TimeProvider clock, ILogger<EntitlementChangeFeed> logger)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan GapLifetime = TimeSpan.FromSeconds(10);
    private const int Batch = 5000;
    private const int MaxGaps = 10_000;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly Dictionary<long, DateTimeOffset> _gaps = [];
    private long _watermark = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_watermark < 0)
                {
                    await WarmAsync(stoppingToken);
                }

                while (await PollAsync(stoppingToken) == Batch)
                {
                    // A backlog: keep reading before sleeping.
                }

                await Task.Delay(PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database is away: answers already cached stay (they are right until a change,
                // and no change can commit without the database); the feed resumes where it was.
                LogFeedFailed(logger, e.Message);
                await Task.Delay(RetryAfterFailure, clock, stoppingToken);
            }
        }
    }

    /// <summary>The watermark is read before the answers, so a change committed in between is seen by the first poll.</summary>
    private async Task WarmAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var watermark = await db.EntitlementChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        var readStartedAt = cache.BeginRead();
        var members = 0;
        await scope.ServiceProvider.GetRequiredService<EntitlementReader>().ReadAllAsync((memberId, value, nextChange) =>
        {
            cache.Store(memberId, value, CachedEntitlementQuery.ExpiresAt(value.AsOf, nextChange), readStartedAt);
            members++;
        }, ct);
        _watermark = watermark;
        var elapsed = clock.GetElapsedTime(started);
        state.Warmed(members, elapsed);
        LogWarmed(logger, members, (long)elapsed.TotalMilliseconds);
    }

    private async Task<int> PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var now = clock.GetUtcNow();
        var gaps = _gaps.Keys.ToList();
        var watermark = _watermark;
        var changes = await db.EntitlementChanges.AsNoTracking()
            .Where(c => c.Id > watermark || gaps.Contains(c.Id))
            .OrderBy(c => c.Id)
            .Take(Batch)
            .Select(c => new { c.Id, c.MemberId })
            .ToListAsync(ct);
        foreach (var change in changes)
        {
            cache.Forget(change.MemberId);
            if (!_gaps.Remove(change.Id))
            {
                for (var skipped = _watermark + 1; skipped < change.Id; skipped++)
                {
                    _gaps[skipped] = now;
                }

                _watermark = Math.Max(_watermark, change.Id);
            }
        }

        if (changes.Count == 0 && gaps.Count == 0
            && (await db.EntitlementChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0) < _watermark)
        {
            // The table went back in time (a restore): what this node holds may predate it.
            LogWentBack(logger, _watermark);
            cache.ForgetAll();
            _watermark = 0;
        }

        foreach (var (id, since) in _gaps.ToList())
        {
            if (now - since > GapLifetime)
            {
                _gaps.Remove(id);
            }
        }

        if (_gaps.Count > MaxGaps)
        {
            // Far more open transactions than a cluster has: something else spaces the ids (a Galera
            // auto_increment_increment, say). Correct but cold: say so.
            LogTooManyGaps(logger, _gaps.Count);
            _gaps.Clear();
            cache.ForgetAll();
        }

        return changes.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Entitlement cache warmed: {Members} members in {Milliseconds} ms")]
    private static partial void LogWarmed(ILogger logger, int members, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "entitlement_changes no longer reaches id {Watermark} (restored?); the cache starts over")]
    private static partial void LogWentBack(ILogger logger, long watermark);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entitlement change feed saw {Gaps} missing ids; the cache starts over")]
    private static partial void LogTooManyGaps(ILogger logger, int gaps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entitlement change feed could not read the database: {Reason}")]
    private static partial void LogFeedFailed(ILogger logger, string reason);
}
