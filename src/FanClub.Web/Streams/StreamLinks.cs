using System.Collections.Concurrent;
using System.Text.Json;
using FanClub.Domain.Partners;
using FanClub.Web.Hosting;
using FanClub.Web.Partners.Tokens;

namespace FanClub.Web.Streams;

/// <summary>One stream's answer for one second of expiry, with its JSON as <see cref="HotPathJson"/> writes it.</summary>
public sealed class IssuedStreamToken(long expires, StreamTokenResponse response, byte[] json)
{
    /// <summary>The token's expiry in Unix seconds, which is also what the answer is shared for.</summary>
    public long Expires { get; } = expires;

    public StreamTokenResponse Response { get; } = response;

    /// <summary>The answer already serialized: sent as it is to every member it is given to.</summary>
    public ReadOnlyMemory<byte> Json { get; } = json;
}

/// <summary>
/// The signed playlist answer of a stream, made once per stream and second and shared by every member
/// who is given it in that second. An nginx <c>secure_link</c> token names no member: it signs the
/// stream's directory and an expiry in whole seconds, so members asking in the same second have always
/// received the same URL; on a launch night thousands renew each second, and they now share one MD5,
/// one set of strings and one serialization. Whether a member may have it is decided on every request,
/// before this is asked (<see cref="StreamTokenApi"/>); this only saves remaking what they all get.
/// </summary>
public sealed class StreamLinks(NginxSecureLink signer, TimeProvider time)
{
    // One entry per stream of the catalog (only known streams get here), replaced each second.
    private readonly ConcurrentDictionary<string, IssuedStreamToken> _latest = new(StringComparer.Ordinal);

    /// <summary>The answer for <paramref name="streamId"/>, valid <see cref="NginxSecureLink.Lifetime"/> from now (to the second).</summary>
    public IssuedStreamToken For(IStreamDelivery delivery, string streamId)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var expires = (time.GetUtcNow() + signer.Lifetime).ToUnixTimeSeconds();
        if (_latest.TryGetValue(streamId, out var latest) && latest.Expires == expires)
        {
            return latest;
        }

        // Two requests may both arrive first in a new second: both sign the same token, one is kept.
        var issued = Issue(delivery, streamId, expires);
        _latest[streamId] = issued;
        return issued;
    }

    private IssuedStreamToken Issue(IStreamDelivery delivery, string streamId, long expires)
    {
        var token = signer.SignPrefix(delivery.PathPrefix(streamId), DateTimeOffset.FromUnixTimeSeconds(expires));
        var path = token.AppendTo(delivery.PlaylistPath(streamId));
        var playlist = delivery.EdgeBaseUrl is { } edge ? edge.ToString().TrimEnd('/') + path : path;
        var lifetime = signer.Lifetime;
        // A quarter of the lifetime before expiry, at least 10 s: room for a retry, few renewals.
        var renewAfter = (int)Math.Max(10, (lifetime - (lifetime / 4)).TotalSeconds);
        var response = new StreamTokenResponse(playlist, token.Query, token.ExpiresAt, renewAfter);
        return new IssuedStreamToken(expires, response, JsonSerializer.SerializeToUtf8Bytes(response, HotPathJson.Default.StreamTokenResponse));
    }
}
