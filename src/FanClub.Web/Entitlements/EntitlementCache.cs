using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using FanClub.Domain.Entitlements;

namespace FanClub.Web.Entitlements;

/// <summary>
/// Every member's last computed answer, in memory, so the partner API, stream tokens and member
/// pages answer without a database round trip. Correct only because of how it is kept:
/// <list type="bullet">
/// <item>every committed change to a member's sources calls <see cref="Forget"/> (the
/// <see cref="EntitlementChangeInterceptor"/> on this node, right after the commit; the
/// <see cref="EntitlementChangeFeed"/> for changes made anywhere else);</item>
/// <item>an answer computed from a read that started before a <see cref="Forget"/> is never
/// stored over it (the generation of the read is compared with the member's tombstone), so a slow
/// read racing a revocation cannot put the old access back;</item>
/// <item>an answer ends when the clock alone would change it (<see cref="EntitlementPolicy.NextChange"/>).</item>
/// </list>
/// </summary>
public sealed class EntitlementCache
{
    /// <summary>Past this many members the cache starts over rather than grow without bound.</summary>
    public const int MaxEntries = 1_000_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _generation;
    private long _floor;

    public int Count => _entries.Count;

    /// <summary>Take before reading the database; pass to <see cref="Store"/> with what was read.</summary>
    public long BeginRead() => Interlocked.Read(ref _generation);

    public bool TryGet(Guid memberId, DateTimeOffset now, [NotNullWhen(true)] out MemberEntitlements? value)
    {
        if (_entries.TryGetValue(memberId, out var entry) && entry.Value is not null && now < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="value"/> until <paramref name="expiresAt"/> unless the member was
    /// forgotten after <paramref name="readStartedAt"/>: then the read may predate the change.
    /// </summary>
    public void Store(Guid memberId, MemberEntitlements value, DateTimeOffset expiresAt, long readStartedAt)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (readStartedAt < Interlocked.Read(ref _floor))
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            ForgetAll();
            return;
        }

        var entry = new Entry(value, expiresAt, readStartedAt);
        var stored = _entries.AddOrUpdate(memberId, entry,
            (_, existing) => existing.Value is null && existing.Generation > readStartedAt ? existing : entry);
        if (ReferenceEquals(stored, entry) && readStartedAt < Interlocked.Read(ref _floor))
        {
            // Everything was forgotten while this was being stored.
            _entries.TryRemove(new KeyValuePair<Guid, Entry>(memberId, entry));
        }
    }

    /// <summary>The member's sources changed: the next question reads the database.</summary>
    public void Forget(Guid memberId)
    {
        var generation = Interlocked.Increment(ref _generation);
        _entries[memberId] = new Entry(null, DateTimeOffset.MinValue, generation);
    }

    /// <summary>Forgets every member (the change feed lost track, or the cache is full).</summary>
    public void ForgetAll()
    {
        Interlocked.Exchange(ref _floor, Interlocked.Increment(ref _generation));
        _entries.Clear();
    }

    /// <summary>An answer, or (with no value) a tombstone saying when the member was last forgotten.</summary>
    private sealed record Entry(MemberEntitlements? Value, DateTimeOffset ExpiresAt, long Generation);
}
