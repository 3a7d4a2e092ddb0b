using System.Net;
using System.Text.RegularExpressions;
using FanClub.Testing;
using FanClub.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Hosting;

/// <summary>
/// The static assets as production serves them: from memory (<see cref="MemoryWebRoot"/>), with the
/// bytes of the file on disk, the same ETag, and ranges. (Cache-Control and the compressed copies come
/// from the publish step: a test build has neither, a published one is immutable and brotli, which the
/// benchmark's report shows.)
/// </summary>
public sealed partial class StaticAssetTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task In_production_the_stylesheet_is_served_from_memory_with_the_bytes_on_disk_and_by_range()
    {
        await using var production = new FanClubWebFactory(Database, "Production");
        var client = production.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var environment = production.Services.GetRequiredService<IWebHostEnvironment>();
        Assert.IsType<MemoryWebRoot>(environment.WebRootFileProvider);
        var onDisk = await File.ReadAllBytesAsync(Path.Combine(environment.WebRootPath, "css", "site.css"));

        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var stylesheet = Stylesheet().Match(home);
        Assert.True(stylesheet.Success, "the home page links a fingerprinted stylesheet");
        var path = new Uri(stylesheet.Groups[1].Value, UriKind.Relative);
        // The layout resolves its links once (StaticAssetUrls), to the names MapStaticAssets serves.
        var icon = Favicon().Match(home);
        Assert.True(icon.Success, "the home page links a fingerprinted icon");
        using (var served = await client.GetAsync(new Uri(icon.Groups[1].Value, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/svg+xml", served.Content.Headers.ContentType?.MediaType);
        }

        var etags = new List<string>();
        // The first read fills the memory, the second is served from it.
        for (var round = 0; round < 2; round++)
        {
            using var plain = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            etags.Add(plain.Headers.ETag!.Tag);
            Assert.Equal(onDisk, await plain.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(etags[0], etags[1]);
        using var range = new HttpRequestMessage(HttpMethod.Get, path);
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, 19);
        using var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(onDisk[10..20], await partial.Content.ReadAsByteArrayAsync());
    }

    [GeneratedRegex("href=\"(/css/site\\.[a-z0-9]+\\.css)\"")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("href=\"(/favicon\\.[a-z0-9]+\\.svg)\"")]
    private static partial Regex Favicon();
}
