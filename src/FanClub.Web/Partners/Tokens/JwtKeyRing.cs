namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// The JWT signing keys: one signs (<see cref="Current"/>), all stored ones are published
/// (<see cref="Jwks"/>). Rotation never breaks a token or a partner's cached JWKS:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><see cref="Rotate"/> adds a key that is published at once but signs only after
/// <see cref="JwksCacheDuration"/>, by which time every partner that honours the JWKS
/// <c>Cache-Control</c> has fetched it.</item>
/// <item>The previous key stops signing then, but stays published.</item>
/// <item><see cref="RemoveRetired"/> deletes a key once its last token has expired (its successor's
/// activation + the token lifetime + <see cref="ClockSkew"/>).</item>
/// </list>
/// The first key is generated on first use. Keys are re-read from the store every
/// <see cref="ReloadInterval"/>, so nodes sharing a store converge.
/// </remarks>
public sealed class JwtKeyRing
{
    /// <summary>How long partners may cache the JWKS (its <c>max-age</c>); also the default delay before a new key signs.</summary>
    public static readonly TimeSpan JwksCacheDuration = TimeSpan.FromMinutes(5);

    /// <summary>Margin for clocks that disagree, added before a retired key is deleted.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>How often the keys are re-read from the store.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMinutes(1);

    private readonly IJwtKeyStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tokenLifetime;
    private readonly Lock _lock = new();
    private IReadOnlyList<JwtSigningKey> _keys = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    /// <param name="store">Where the keys live.</param>
    /// <param name="tokenLifetime">The longest lifetime of a token the keys sign; decides when a retired key may go.</param>
    /// <param name="time">The clock.</param>
    public JwtKeyRing(IJwtKeyStore store, TimeSpan tokenLifetime, TimeProvider time)
    {
        _store = store;
        _tokenLifetime = tokenLifetime;
        _time = time;
    }

    /// <summary>The key that signs now: the most recently activated one. Generated on first use.</summary>
    public JwtSigningKey Current
    {
        get
        {
            var now = _time.GetUtcNow();
            var current = CurrentIn(Keys, now);
            if (current is not null)
            {
                return current;
            }

            lock (_lock)
            {
                current = CurrentIn(Load(), now);
                if (current is null)
                {
                    current = JwtSigningKey.Generate(now, now);
                    _store.Save(current.ToStored());
                    Load();
                }

                return current;
            }
        }
    }

    /// <summary>Every published key, oldest first.</summary>
    public IReadOnlyList<JwtSigningKey> Keys
    {
        get
        {
            lock (_lock)
            {
                return _time.GetUtcNow() - _loadedAt >= ReloadInterval ? Load() : _keys;
            }
        }
    }

    /// <summary>The JWKS document of every published key (the signing one included, generated if need be).</summary>
    public JsonWebKeySet Jwks
    {
        get
        {
            _ = Current;
            return new JsonWebKeySet([.. Keys.Select(k => k.PublicKey)]);
        }
    }

    /// <summary>
    /// Adds a new key, published now, signing after <paramref name="activationDelay"/>
    /// (default <see cref="JwksCacheDuration"/>; zero makes it sign at once, for tests or an emergency).
    /// </summary>
    public JwtSigningKey Rotate(TimeSpan? activationDelay = null)
    {
        var now = _time.GetUtcNow();
        var key = JwtSigningKey.Generate(now, now + (activationDelay ?? JwksCacheDuration));
        lock (_lock)
        {
            _store.Save(key.ToStored());
            Load();
        }

        return key;
    }

    /// <summary>Withdraws a key at once: its tokens stop validating once partners refresh the JWKS. For a compromised key.</summary>
    public void Remove(string keyId)
    {
        lock (_lock)
        {
            _store.Delete(keyId);
            Load();
        }
    }

    /// <summary>Deletes every retired key whose tokens have all expired; returns their ids.</summary>
    public IReadOnlyList<string> RemoveRetired()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var keys = Load();
            var removed = new List<string>();
            for (var i = 0; i < keys.Count - 1; i++)
            {
                var retiredAt = keys[i + 1].ActivatesAt;
                if (retiredAt <= now && retiredAt + _tokenLifetime + ClockSkew <= now)
                {
                    _store.Delete(keys[i].KeyId);
                    removed.Add(keys[i].KeyId);
                }
            }

            if (removed.Count > 0)
            {
                Load();
            }

            return removed;
        }
    }

    private static JwtSigningKey? CurrentIn(IReadOnlyList<JwtSigningKey> keys, DateTimeOffset now) =>
        keys.LastOrDefault(k => k.ActivatesAt <= now);

    // Under _lock.
    private IReadOnlyList<JwtSigningKey> Load()
    {
        _keys = [.. _store.LoadAll()
            .Select(JwtSigningKey.FromStored)
            .OrderBy(k => k.ActivatesAt)
            .ThenBy(k => k.CreatedAt)];
        _loadedAt = _time.GetUtcNow();
        return _keys;
    }
}
