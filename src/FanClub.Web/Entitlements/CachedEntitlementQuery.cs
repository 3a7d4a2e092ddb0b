using System.Collections.Concurrent;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Partners;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Entitlements;

/// <summary>
/// <see cref="IEntitlementQuery"/> for in-process modules (a chat message re-checks access every
/// time). A cached answer is reused only while the member's latest <c>entitlement_changes</c> row is
/// the one it was computed after: every change to a source writes such a row in its own transaction,
/// so a revocation is seen by the very next query, without waiting for the notice dispatcher. The
/// check is one indexed lookup instead of the five queries of <see cref="EntitlementReader"/>.
/// Answers also end at their <see cref="MemberEntitlements.ValidUntil"/> (access that lapses by the
/// clock) and after <see cref="MaxAge"/>, which bounds how late a grant starting later is seen.
/// </summary>
public sealed class CachedEntitlementQuery(IServiceScopeFactory scopes, TimeProvider clock) : IEntitlementQuery
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Past this many members the cache starts over rather than grow without bound.</summary>
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async Task<MemberEntitlements> GetAsync(Guid memberId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        // Read before the entitlements: a change committed in between makes the next query recompute.
        var version = await db.EntitlementChanges.Where(c => c.MemberId == memberId).MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(memberId, out var cached) && cached.Version == version && now < cached.ExpiresAt)
        {
            return cached.Value;
        }

        var value = await scope.ServiceProvider.GetRequiredService<EntitlementReader>().GetAsync(memberId, cancellationToken);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var expiresAt = now + MaxAge;
        if (value.ValidUntil is { } validUntil && validUntil < expiresAt)
        {
            expiresAt = validUntil;
        }

        _entries[memberId] = new Entry(version, value, expiresAt);
        return value;
    }

    private sealed record Entry(long Version, MemberEntitlements Value, DateTimeOffset ExpiresAt);
}
