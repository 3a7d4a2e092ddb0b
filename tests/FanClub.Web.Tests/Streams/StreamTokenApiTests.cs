using System.Net;
using System.Net.Http.Json;
using FanClub.Web.Tests.Partners;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// POST /api/me/streams/{id}/token against the real edge: what the host signs, nginx (configured as
/// docs/partners.md says) serves, and only for the stream the member may watch.
/// </summary>
public sealed class StreamTokenApiTests(StreamFixture fixture) : StreamTest(fixture)
{
    [Fact]
    public async Task Entitled_member_gets_a_playlist_url_that_nginx_serves_with_every_segment()
    {
        var (member, _) = await MemberAsync("stream:live");

        using var response = await RequestTokenAsync(member, "s1", NewSessionId());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = (await response.Content.ReadFromJsonAsync<FanClub.Web.Streams.StreamTokenResponse>())!;
        Assert.StartsWith(Fixture.Nginx.BaseAddress + "live/s1/index.m3u8?md5=", token.PlaylistUrl, StringComparison.Ordinal);
        Assert.EndsWith(token.Query, token.PlaylistUrl, StringComparison.Ordinal);
        Assert.Equal(Factory.Clock.GetUtcNow().AddMinutes(5), token.ExpiresAt, TimeSpan.FromSeconds(1));
        Assert.InRange(token.RenewAfterSeconds, 60, 240);

        using var playlist = await Edge.GetAsync(new Uri(token.PlaylistUrl));
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        var segments = (await playlist.Content.ReadAsStringAsync()).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(NginxServer.Segments, segments);
        // What hls.js does: the segment URL resolved against the playlist, plus the same query.
        foreach (var segment in segments)
        {
            using var served = await Edge.GetAsync(new Uri($"/live/s1/{segment}?{token.Query}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(NginxServer.SegmentBytes("s1", segment), await served.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Nginx_refuses_a_streams_token_on_another_stream()
    {
        var (member, _) = await MemberAsync("stream:live", "stream:replays");
        var token = await TokenAsync(member, "s1", NewSessionId());

        using var other = await Edge.GetAsync(new Uri($"/live/s2/index.m3u8?{token.Query}", UriKind.Relative));
        using var otherSegment = await Edge.GetAsync(new Uri($"/live/s2/seg0.ts?{token.Query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSegment.StatusCode);
    }

    [Fact]
    public async Task Member_without_the_streams_key_gets_403_problem_details()
    {
        var (nobody, _) = await MemberAsync();
        var (liveOnly, _) = await MemberAsync("stream:live");

        var problem = await ProblemAsync(await RequestTokenAsync(nobody, "s1", NewSessionId()), HttpStatusCode.Forbidden);
        await ProblemAsync(await RequestTokenAsync(liveOnly, "s2", NewSessionId()), HttpStatusCode.Forbidden);

        Assert.Equal("Your membership does not include this stream.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task After_a_ban_the_next_token_is_refused_at_once_even_for_a_playing_session()
    {
        var (member, memberId) = await MemberAsync("stream:live");
        var session = NewSessionId();
        await TokenAsync(member, "s1", session);

        await BanAsync(memberId);

        await ProblemAsync(await RequestTokenAsync(member, "s1", session), HttpStatusCode.Forbidden);
        await ProblemAsync(await RequestTokenAsync(member, "s1", NewSessionId()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_stream_is_404_and_a_missing_session_id_400()
    {
        var (member, _) = await MemberAsync("stream:live");

        await ProblemAsync(await RequestTokenAsync(member, "no-such-stream", NewSessionId()), HttpStatusCode.NotFound);
        await ProblemAsync(await RequestTokenAsync(member, "s1", "short"), HttpStatusCode.BadRequest);
        using var empty = await member.Http.PostAsync(new Uri("/api/me/streams/s1/token", UriKind.Relative), JsonContent.Create(new { }));
        await ProblemAsync(empty, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain", "{\"sessionId\":\"abcdefghijklmnop\"}", "as JSON")]
    [InlineData("application/json", "{\"sessionId\":", "not a JSON object")]
    [InlineData("application/json", "[1,2]", "not a JSON object")]
    public async Task A_body_that_is_not_a_small_JSON_object_is_a_validation_problem(string contentType, string body, string says)
    {
        var (member, _) = await MemberAsync("stream:live");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);

        using var response = await member.Http.PostAsync(new Uri("/api/me/streams/s1/token", UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(says, problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_and_the_token_comes_with_its_length()
    {
        var (member, _) = await MemberAsync("stream:live");
        var padded = $"{{\"sessionId\":\"{NewSessionId()}\",\"padding\":\"{new string('x', 1100)}\"}}";
        using var large = new StringContent(padded, System.Text.Encoding.UTF8, "application/json");

        var problem = await ProblemAsync(await member.Http.PostAsync(new Uri("/api/me/streams/s1/token", UriKind.Relative), large), HttpStatusCode.BadRequest);
        Assert.Contains("larger than 1024 bytes", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);

        // The answer is written whole with its Content-Length (HotPathOk), not chunked.
        using var ok = await RequestTokenAsync(member, "s1", NewSessionId());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var bytes = await ok.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, ok.Content.Headers.ContentLength);
        Assert.Equal("application/json", ok.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(true, ok.Headers.TransferEncodingChunked);
        Assert.StartsWith("{\"playlistUrl\":", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_not_a_login_page()
    {
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.PostAsJsonAsync(new Uri("/api/me/streams/s1/token", UriKind.Relative), new { sessionId = NewSessionId() });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
