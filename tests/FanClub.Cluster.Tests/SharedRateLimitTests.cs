using System.Globalization;
using System.Net;
using FanClub.Web.RateLimiting;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace FanClub.Cluster.Tests;

/// <summary>
/// The log-in limits hold for the cluster, not per node: attempts spread over the three nodes count
/// in Redis, and the first one past the limit is refused with 429 and Retry-After whichever node it
/// reaches. The nodes run the default limits (10 log-ins per account per 15 min, 20 per address per
/// minute). Each test poses as its own client addresses (X-Forwarded-For, honoured from the
/// loopback proxy) so the other cluster tests' sign-ins from 127.0.0.1 are not counted against it.
/// </summary>
public sealed class SharedRateLimitTests(ClusterFixture cluster, ITestOutputHelper output) : ClusterTest(cluster)
{
    private static readonly RateLimitingOptions Defaults = new();

    [Fact]
    public async Task One_account_tried_across_three_nodes_is_paused_on_every_node_after_the_limit()
    {
        var target = $"stuffed-{Guid.NewGuid():N}@example.com";
        var network = Ipv4Network();
        var limit = Defaults.LogIn.PerAccount.PermitLimit;
        for (var attempt = 1; attempt <= limit; attempt++)
        {
            // Each attempt from another address, on the next node: per node, 10 attempts are 3 or 4.
            var node = Cluster.Nodes[attempt % Cluster.Nodes.Count];
            using var allowed = await LogInAsync(node.BaseAddress, $"{network}.{attempt}", target);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"Attempt {attempt} on node {node.Index} answered {(int)allowed.StatusCode}.");
        }

        // The 11th, from yet another address, on each node and through the balancer: paused everywhere.
        foreach (var site in Cluster.Nodes.Select(n => n.BaseAddress).Append(Cluster.LoadBalancer))
        {
            using var refused = await LogInAsync(site, $"{network}.200", target);
            AssertPaused(refused, site, Defaults.LogIn.PerAccount.Window);
        }

        // Another account from the same address still gets in: the account was paused, not the address.
        using var bystander = await LogInAsync(Cluster.Nodes[0].BaseAddress, $"{network}.200", $"bystander-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, bystander.StatusCode);
    }

    [Fact]
    public async Task One_ipv6_network_trying_many_accounts_through_the_balancer_is_paused_on_every_node()
    {
        // One /64, a new host part each time (a client rotating its privacy address), many accounts.
        var network = Ipv6Network();
        var limit = Defaults.LogIn.PerIp.PermitLimit;
        for (var attempt = 1; attempt <= limit; attempt++)
        {
            using var allowed = await LogInAsync(Cluster.LoadBalancer, $"{network}:{attempt:x}", $"list-{Guid.NewGuid():N}@example.com");
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"Attempt {attempt} answered {(int)allowed.StatusCode}.");
        }

        foreach (var site in Cluster.Nodes.Select(n => n.BaseAddress).Append(Cluster.LoadBalancer))
        {
            using var refused = await LogInAsync(site, $"{network}:ffff", $"list-{Guid.NewGuid():N}@example.com");
            AssertPaused(refused, site, Defaults.LogIn.PerIp.Window);
        }

        // The next /64 is someone else.
        using var neighbour = await LogInAsync(Cluster.LoadBalancer, $"{Ipv6Network()}:1", $"list-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
    }

    [Fact]
    public async Task Redis_holds_the_counters_under_keyed_hashes_only()
    {
        var target = $"private-{Guid.NewGuid():N}@example.com";
        var address = $"{Ipv4Network()}.9";
        using (var attempt = await LogInAsync(Cluster.Nodes[1].BaseAddress, address, target))
        {
            Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Cluster.RedisPort}");
        var server = redis.GetServer($"127.0.0.1:{Cluster.RedisPort}");
        var keys = server.Keys(pattern: RedisRateLimitStore.KeyPrefix + "*", pageSize: 1000).Select(k => k.ToString()).ToList();
        output.WriteLine($"{keys.Count} rate-limit keys in Redis, e.g. {keys.FirstOrDefault()}");
        Assert.Contains(keys, k => k.StartsWith(RedisRateLimitStore.KeyPrefix + "LogIn:account:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith(RedisRateLimitStore.KeyPrefix + "LogIn:ip:", StringComparison.Ordinal));
        var local = target.Split('@')[0];
        Assert.All(keys, k =>
        {
            Assert.DoesNotContain(local, k, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(address, k, StringComparison.Ordinal);
            Assert.Matches("^fanclub:ratelimit:[A-Za-z]+:(ip|account):[0-9A-F]{24}$", k);
        });

        // Every counter expires by itself: none outlives its window.
        foreach (var key in keys.Take(50))
        {
            var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= TimeSpan.FromHours(1), $"{key} expires in {ttl}.");
        }
    }

    private static void AssertPaused(HttpResponseMessage refused, Uri site, TimeSpan window)
    {
        Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, $"{site} answered {(int)refused.StatusCode}, not 429.");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } r && r > TimeSpan.Zero && r <= window, $"{site}: Retry-After {retryAfter} for a window of {window}.");
    }

    /// <summary>A log-in post with a valid anti-forgery pair (form fetched from the same site), as a browser at <paramref name="clientAddress"/>.</summary>
    private async Task<HttpResponseMessage> LogInAsync(Uri site, string clientAddress, string email)
    {
        var browser = Browser(site, new CookieContainer());
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        var token = await FormTokenAsync(browser, "/account/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "not the password at all", ["__RequestVerificationToken"] = token,
        });
        return await browser.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    /// <summary>A /24 of the documentation range no other test uses (198.18.0.0/15, benchmarking), fresh per call.</summary>
    private static string Ipv4Network() =>
        string.Create(CultureInfo.InvariantCulture, $"198.{18 + Random.Shared.Next(2)}.{Random.Shared.Next(256)}");

    /// <summary>A fresh /64 of 2001:db8::/32 (documentation), without its host part.</summary>
    private static string Ipv6Network() =>
        string.Create(CultureInfo.InvariantCulture, $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}:0:0:0");
}
