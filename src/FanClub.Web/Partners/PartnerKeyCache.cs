using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace FanClub.Web.Partners;

/// <summary>
/// Recently seen partner API keys (by hash), so a partner checking thousands of members a second
/// costs no database round trip for its own key. Only known keys are kept, for
/// <see cref="Lifetime"/>: a new key works at once. A key rotated or a partner disabled from the
/// admin console is forgotten at once on the node that did it (<see cref="Forget"/>); other nodes
/// stop accepting it within <see cref="Lifetime"/>.
/// </summary>
public sealed class PartnerKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>Partners are few; a flood of distinct valid keys cannot exist, but the bound is cheap.</summary>
    private const int MaxEntries = 1000;

    private readonly ConcurrentDictionary<string, (Partner Partner, DateTimeOffset ExpiresAt)> _keys = new(StringComparer.Ordinal);

    public sealed record Partner(string Id, string Name);

    public bool TryGet(string keyHash, DateTimeOffset now, [NotNullWhen(true)] out Partner? partner)
    {
        if (_keys.TryGetValue(keyHash, out var entry) && now < entry.ExpiresAt)
        {
            partner = entry.Partner;
            return true;
        }

        partner = null;
        return false;
    }

    /// <summary>Drops every cached key of the partner: the next request checks the database.</summary>
    public void Forget(string partnerId)
    {
        foreach (var (hash, entry) in _keys)
        {
            if (string.Equals(entry.Partner.Id, partnerId, StringComparison.Ordinal))
            {
                _keys.TryRemove(hash, out _);
            }
        }
    }

    public void Add(string keyHash, Partner partner, DateTimeOffset now)
    {
        if (_keys.Count >= MaxEntries)
        {
            _keys.Clear();
        }

        _keys[keyHash] = (partner, now + Lifetime);
    }
}
