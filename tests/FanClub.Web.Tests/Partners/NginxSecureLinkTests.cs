using System.Net;
using FanClub.Web.Partners.Tokens;

namespace FanClub.Web.Tests.Partners;

/// <summary>
/// The real thing: tokens from <see cref="NginxSecureLink"/> in front of Debian's nginx with the
/// configuration of docs/partners.md. An entitled member's playlist and segments play; an expired,
/// forged, other-stream or missing token does not, and nginx never asks FanClub.
/// </summary>
public sealed class NginxSecureLinkTests(NginxServer nginx) : IClassFixture<NginxServer>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    private readonly NginxSecureLink _signer = new(NginxServer.Secret, TimeSpan.FromMinutes(5), TimeProvider.System);

    [Fact]
    public async Task Entitled_members_playlist_and_every_segment_it_lists_are_served()
    {
        var token = _signer.SignPrefix("/live/s1/");

        using var playlist = await GetAsync(token.AppendTo("/live/s1/index.m3u8"));
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", playlist.Content.Headers.ContentType?.MediaType);
        var segments = (await playlist.Content.ReadAsStringAsync())
            .Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        Assert.Equal(NginxServer.Segments, segments);

        // The player appends the same query string to each segment request (hls.js xhrSetup / fetchSetup).
        foreach (var segment in segments)
        {
            using var response = await GetAsync(token.AppendTo("/live/s1/" + segment));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(NginxServer.SegmentBytes("s1", segment), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Expired_token_is_gone_so_the_player_knows_to_renew_it()
    {
        var token = _signer.SignPrefix("/live/s1/", DateTimeOffset.UtcNow.AddMinutes(-1));

        await AssertStatusAsync(HttpStatusCode.Gone, token.AppendTo("/live/s1/index.m3u8"));
        await AssertStatusAsync(HttpStatusCode.Gone, token.AppendTo("/live/s1/seg0.ts"));
    }

    [Fact]
    public async Task Token_for_one_stream_is_refused_on_another()
    {
        var token = _signer.SignPrefix("/live/s1/");

        await AssertStatusAsync(HttpStatusCode.OK, token.AppendTo("/live/s1/index.m3u8"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, token.AppendTo("/live/s2/index.m3u8"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, token.AppendTo("/live/s2/seg0.ts"));
    }

    [Fact]
    public async Task Forged_tokens_are_refused()
    {
        var token = _signer.SignPrefix("/live/s1/");
        var flipped = token with { Md5 = (token.Md5[0] == 'A' ? 'B' : 'A') + token.Md5[1..] };
        var extended = token with { Expires = token.Expires + 3600 };
        var otherSecret = new NginxSecureLink("someone-elses-secret-0123456789abcdef", TimeSpan.FromMinutes(5), TimeProvider.System)
            .SignPrefix("/live/s1/");

        await AssertStatusAsync(HttpStatusCode.Forbidden, flipped.AppendTo("/live/s1/index.m3u8"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, extended.AppendTo("/live/s1/index.m3u8"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, otherSecret.AppendTo("/live/s1/index.m3u8"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, "/live/s1/index.m3u8?md5=not-an-md5&expires=" + token.Expires);
    }

    [Fact]
    public async Task Missing_token_is_refused()
    {
        var token = _signer.SignPrefix("/live/s1/");

        await AssertStatusAsync(HttpStatusCode.Forbidden, "/live/s1/index.m3u8");
        await AssertStatusAsync(HttpStatusCode.Forbidden, "/live/s1/seg0.ts");
        await AssertStatusAsync(HttpStatusCode.Forbidden, $"/live/s1/index.m3u8?md5={token.Md5}");
    }

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> GetAsync(string pathAndQuery) =>
        _http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));

    private async Task AssertStatusAsync(HttpStatusCode expected, string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        Assert.True(expected == response.StatusCode,
            $"GET {pathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}.\nnginx error log:\n{nginx.ErrorLog}");
    }
}
