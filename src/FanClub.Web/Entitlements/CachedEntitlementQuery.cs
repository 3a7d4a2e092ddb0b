using FanClub.Domain.Entitlements;
using FanClub.Domain.Partners;

namespace FanClub.Web.Entitlements;

/// <summary>
/// <see cref="IEntitlementQuery"/> for every caller that decides access (partner API, stream and
/// chat tokens, chat messages, member pages): the answer comes from <see cref="EntitlementCache"/>
/// when it holds one, otherwise from <see cref="EntitlementReader"/> (the primary), and is kept
/// until the member's next change or the next instant the clock alone changes it. See
/// <see cref="EntitlementCache"/> for why a revocation is never answered from memory.
/// </summary>
public sealed class CachedEntitlementQuery(EntitlementCache cache, IServiceScopeFactory scopes, TimeProvider clock) : IEntitlementQuery
{
    /// <summary>
    /// A bound on any answer's life even with no change seen: a last line of defence should a
    /// change ever reach the database without passing the interceptor or the change feed.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(30);

    public async Task<MemberEntitlements> GetAsync(Guid memberId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(memberId, clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var readStartedAt = cache.BeginRead();
        await using var scope = scopes.CreateAsyncScope();
        var (value, nextChange) = await scope.ServiceProvider.GetRequiredService<EntitlementReader>().ReadAsync(memberId, cancellationToken);
        cache.Store(memberId, value, ExpiresAt(value.AsOf, nextChange), readStartedAt);
        return value;
    }

    /// <summary>
    /// The next clock-driven change, or <see cref="MaxAge"/> stretched by up to half at random so
    /// answers loaded together (a warm-up) do not all expire in the same second.
    /// </summary>
    internal static DateTimeOffset ExpiresAt(DateTimeOffset asOf, DateTimeOffset? nextChange)
    {
        var expiresAt = asOf + (MaxAge * (1 + (Random.Shared.NextDouble() / 2)));
        return nextChange is { } next && next < expiresAt ? next : expiresAt;
    }
}
