using System.Text.Json;
using FanClub.Modules.LiveStream;
using FanClub.Web.Partners.Tokens;
using FanClub.Web.Streams;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// The stream-token answer is made once per stream and second: members given a token in the same
/// second share it (the token never named a member), the next second signs a new one, and what is
/// shared is exactly the nginx link and the JSON the endpoint would have made for each of them.
/// </summary>
public sealed class StreamLinksTests
{
    private const string Secret = "stream-links-test-secret";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // The start of a second, so that the tests can stay inside it or leave it on purpose.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000));
    private readonly StreamLinks _links;

    public StreamLinksTests() => _links = new StreamLinks(new NginxSecureLink(Secret, Lifetime, _clock), _clock);

    [Fact]
    public void Members_given_a_token_in_the_same_second_share_one_answer_and_the_next_second_gets_a_new_one()
    {
        var first = _links.For(LiveStreamSettings.Defaults, "s1");
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var sameSecond = _links.For(LiveStreamSettings.Defaults, "s1");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var nextSecond = _links.For(LiveStreamSettings.Defaults, "s1");

        Assert.Same(first, sameSecond);
        Assert.Equal(first.Expires + 1, nextSecond.Expires);
        Assert.NotEqual(first.Response.Query, nextSecond.Response.Query);
    }

    [Fact]
    public void Each_stream_has_its_own_answer()
    {
        var s1 = _links.For(LiveStreamSettings.Defaults, "s1");
        var s2 = _links.For(LiveStreamSettings.Defaults, "s2");

        Assert.StartsWith("/live/s1/index.m3u8?", s1.Response.PlaylistUrl, StringComparison.Ordinal);
        Assert.StartsWith("/live/s2/index.m3u8?", s2.Response.PlaylistUrl, StringComparison.Ordinal);
        Assert.NotEqual(s1.Response.Query, s2.Response.Query);
    }

    [Fact]
    public void The_answer_is_the_nginx_prefix_link_for_the_lifetime_and_its_json_says_the_same()
    {
        var edge = LiveStreamSettings.Parse(new Dictionary<string, string?> { ["EdgeBaseUrl"] = "https://edge.example.com/" });

        var issued = _links.For(edge, "main-stage");

        var expires = (_clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var md5 = NginxSecureLink.ComputeHash(expires, "/live/main-stage/", Secret);
        Assert.Equal(expires, issued.Expires);
        Assert.Equal($"md5={md5}&expires={expires}", issued.Response.Query);
        Assert.Equal($"https://edge.example.com/live/main-stage/index.m3u8?md5={md5}&expires={expires}", issued.Response.PlaylistUrl);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expires), issued.Response.ExpiresAt);
        Assert.Equal(225, issued.Response.RenewAfterSeconds);
        var json = JsonSerializer.Deserialize<StreamTokenResponse>(issued.Json.Span, JsonSerializerOptions.Web);
        Assert.Equal(issued.Response, json);
    }
}
