using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// One <see cref="JwtValidator"/> per partner (audience) over the key ring's published keys, built
/// again only when the ring reloads a different set: introspection verifies a signature per call
/// instead of importing every published key per call.
/// </summary>
public sealed class PartnerJwtValidators(JwtKeyRing keys, IOptions<PartnerTokenOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (IReadOnlyList<JwtSigningKey> Keys, JwtValidator Validator)> _validators = new(StringComparer.Ordinal);

    public JwtValidator For(string partnerId)
    {
        _ = keys.Current; // the first key is generated on first use
        var published = keys.Keys;
        if (_validators.TryGetValue(partnerId, out var cached) && ReferenceEquals(cached.Keys, published))
        {
            return cached.Validator;
        }

        var validator = new JwtValidator(new JsonWebKeySet([.. published.Select(k => k.PublicKey)]), options.Value.Issuer, partnerId, clock);
        _validators[partnerId] = (published, validator);
        return validator;
    }
}
