using System.Net;

namespace FanClub.Cluster.Tests;

/// <summary>The public-page output cache lives in Redis: a page one node rendered is what every node serves.</summary>
public sealed class SharedCacheTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task A_home_page_cached_by_one_node_is_served_by_the_others_until_it_expires()
    {
        var url = new Uri("/?shared=" + Guid.NewGuid().ToString("N"), UriKind.Relative);
        var first = await Browser(Cluster.Nodes[0].BaseAddress, new CookieContainer()).GetStringAsync(url);
        var tier = await TierAsync("stream:live");
        Assert.DoesNotContain(tier.Slug, first, StringComparison.Ordinal);

        // Node 2 never rendered this URL: it answers with node 1's copy, from before the new tier.
        var fromCache = await Browser(Cluster.Nodes[1].BaseAddress, new CookieContainer()).GetStringAsync(url);
        Assert.Equal(first, fromCache);

        // The same node renders afresh for a URL nobody cached: the tier is there.
        var fresh = await Browser(Cluster.Nodes[1].BaseAddress, new CookieContainer())
            .GetStringAsync(new Uri("/?shared=" + Guid.NewGuid().ToString("N"), UriKind.Relative));
        Assert.Contains(tier.Slug, fresh, StringComparison.Ordinal);
    }
}
