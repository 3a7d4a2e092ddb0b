using System.Net;
using FanClub.Web.Partners.Tokens;
using FanClub.Web.Streams;
using FanClub.Web.Tests.Partners;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// The host's own /live/ edge (the demo's, so ./fanclub run needs no nginx) gives nginx's answer to
/// every token: both serve the same files here, and each request goes to both.
/// </summary>
public sealed class LocalEdgeTests(StreamFixture fixture) : StreamTest(fixture)
{
    public static TheoryData<string, HttpStatusCode> Cases => new()
    {
        { "valid", HttpStatusCode.OK },
        { "expired", HttpStatusCode.Gone },
        { "other-stream", HttpStatusCode.Forbidden },
        { "forged", HttpStatusCode.Forbidden },
        { "extended", HttpStatusCode.Forbidden },
        { "other-secret", HttpStatusCode.Forbidden },
        { "missing", HttpStatusCode.Forbidden },
        { "md5-only", HttpStatusCode.Forbidden },
        { "bad-expires", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Local_edge_answers_like_nginx(string @case, HttpStatusCode expected)
    {
        var signer = Factory.Services.GetRequiredService<NginxSecureLink>();
        // nginx reads the real clock, the host the test's (which other tests move forward):
        // expiries on the same side of both.
        var (real, fake) = (DateTimeOffset.UtcNow, Factory.Clock.GetUtcNow());
        var later = (real > fake ? real : fake).AddMinutes(5);
        var earlier = (real < fake ? real : fake).AddMinutes(-1);
        var valid = signer.SignPrefix("/live/s1/", later);
        var query = @case switch
        {
            "valid" => valid.Query,
            "expired" => signer.SignPrefix("/live/s1/", earlier).Query,
            "other-stream" => signer.SignPrefix("/live/s2/", later).Query,
            "forged" => (valid with { Md5 = (valid.Md5[0] == 'A' ? 'B' : 'A') + valid.Md5[1..] }).Query,
            "extended" => (valid with { Expires = valid.Expires + 3600 }).Query,
            "other-secret" => new NginxSecureLink("someone-elses-secret-0123456789abcdef", TimeSpan.FromMinutes(5), Factory.Clock).SignPrefix("/live/s1/", later).Query,
            "missing" => string.Empty,
            "md5-only" => "md5=" + valid.Md5,
            "bad-expires" => $"md5={valid.Md5}&expires=soon",
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        using var host = Factory.CreateClient();

        foreach (var file in new[] { "index.m3u8", "seg1.ts" })
        {
            var path = new Uri($"/live/s1/{file}?{query}", UriKind.Relative);
            using var fromNginx = await Edge.GetAsync(path);
            using var fromHost = await host.GetAsync(path);

            Assert.Equal(expected, fromNginx.StatusCode);
            Assert.Equal(expected, fromHost.StatusCode);
            if (expected == HttpStatusCode.OK)
            {
                Assert.Equal(await fromNginx.Content.ReadAsByteArrayAsync(), await fromHost.Content.ReadAsByteArrayAsync());
                Assert.Equal(fromNginx.Content.Headers.ContentType?.MediaType, fromHost.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task Names_that_could_leave_the_folder_are_not_found()
    {
        var token = Factory.Services.GetRequiredService<NginxSecureLink>().SignPrefix("/live/s1/", Factory.Clock.GetUtcNow().AddMinutes(5));
        using var host = Factory.CreateClient();

        foreach (var path in new[] { "/live/s1/..%2F..%2Fnginx.conf", "/live/s1/index.m3u8.bak", "/live/S1/index.m3u8", "/live/s1/missing.ts" })
        {
            using var response = await host.GetAsync(new Uri(token.AppendTo(path), UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void Check_is_nginx_secure_link_for_a_prefix()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var md5 = NginxSecureLink.ComputeHash(1_700_000_300, "/live/s1/", NginxServer.Secret);

        Assert.Equal(200, LocalEdge.Check(NginxServer.Secret, "/live/s1/", md5, "1700000300", now));
        Assert.Equal(200, LocalEdge.Check(NginxServer.Secret, "/live/s1/", md5, "1700000300", now.AddSeconds(300)));
        Assert.Equal(410, LocalEdge.Check(NginxServer.Secret, "/live/s1/", md5, "1700000300", now.AddSeconds(301)));
        Assert.Equal(403, LocalEdge.Check(null, "/live/s1/", md5, "1700000300", now));
        Assert.Equal(403, LocalEdge.Check(NginxServer.Secret, "/live/s2/", md5, "1700000300", now));
    }
}
