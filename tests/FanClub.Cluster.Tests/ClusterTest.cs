using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Cluster.Tests;

/// <summary>A member as the cluster tests drive them: their id and the browser's cookies (good on every node).</summary>
public sealed record ClusterMember(Guid Id, string Email, CookieContainer Cookies);

/// <summary>
/// Steps against the running cluster. The database is not emptied between tests (the nodes keep
/// running on it): every test makes its own members, tiers and partners and looks only at those.
/// </summary>
[Collection(ClusterTestGroup.Name)]
public abstract partial class ClusterTest(ClusterFixture cluster) : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    private readonly List<HubConnection> _connections = [];
    private readonly List<HttpClient> _clients = [];

    protected ClusterFixture Cluster { get; } = cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    /// <summary>A browser on <paramref name="site"/> (a node or the load balancer) that follows no redirects.</summary>
    protected HttpClient Browser(Uri site, CookieContainer cookies)
    {
#pragma warning disable CA2000 // Disposed by the HttpClient.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site };
#pragma warning restore CA2000
        _clients.Add(client);
        return client;
    }

    /// <summary>Registers through the load balancer, confirms the address, and signs in: a member with a session.</summary>
    protected async Task<ClusterMember> MemberAsync(string name = "Member")
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var cookies = new CookieContainer();
        var site = new FormClient(Browser(Cluster.LoadBalancer, cookies));
        using (var registered = await site.SubmitAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }

        // The confirmation link works on any node; following it is the account tests' business.
        await using (var db = Cluster.CreateContext())
        {
            Assert.Equal(1, await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true)));
        }

        using (var login = await site.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        await using var read = Cluster.CreateContext();
        return new ClusterMember(await read.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(), email, cookies);
    }

    protected async Task<Tier> TierAsync(params string[] keys)
    {
        var slug = "t" + Guid.NewGuid().ToString("N")[..8];
        var tier = Tier.Create(Guid.NewGuid(), slug, new LocalizedText(slug, slug), new LocalizedText(slug, slug),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, [.. keys.Select(EntitlementKey.Parse)]).Value;
        await using var db = Cluster.CreateContext();
        db.Tiers.Add(tier);
        await db.SaveChangesAsync();
        return tier;
    }

    /// <summary>Comps a tier for a week, as the admin console saves one: the entitlement change is recorded with it.</summary>
    protected async Task CompAsync(Tier tier, params Guid[] memberIds)
    {
        await using var db = Cluster.CreateContext();
        foreach (var memberId in memberIds)
        {
            db.Comps.Add(Comp.Grant(Guid.NewGuid(), memberId, tier.Id, 7, "Cluster test", Guid.NewGuid(), DateTimeOffset.UtcNow).Value);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Bans the member; the stopwatch returned starts when the ban is committed.</summary>
    protected async Task<System.Diagnostics.Stopwatch> BanAsync(Guid memberId)
    {
        await using var db = Cluster.CreateContext();
        db.Bans.Add(Ban.Impose(Guid.NewGuid(), memberId, "Cluster test", Guid.NewGuid(), DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return System.Diagnostics.Stopwatch.StartNew();
    }

    /// <summary>Until no entitlement change waits for a dispatcher.</summary>
    protected async Task WaitForDispatchAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = Cluster.CreateContext())
            {
                if (!await db.EntitlementChanges.AnyAsync(c => c.DispatchedAt == null))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"Entitlement changes were still waiting after {timeout.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>An external partner whose webhooks go to the fixture's receiver; returns its API key.</summary>
    protected async Task<(string Id, string ApiKey, string WebhookSecret)> PartnerAsync()
    {
        await using var db = Cluster.CreateContext();
        var id = "p" + Guid.NewGuid().ToString("N")[..10];
        var added = await new PartnerOnboarding(db, TimeProvider.System).AddAsync(id, "Cluster partner", Cluster.PartnerReceiver.EndpointOf(id), CancellationToken.None);
        Assert.True(added.Succeeded, added.Failure?.Message);
        return (id, added.Value.ApiKey, added.Value.Partner.WebhookSecret);
    }

    /// <summary>A WebSocket connection to the chat hub of one node, carrying the member's cookie.</summary>
    protected async Task<HubConnection> ChatAsync(ClusterNode node, ClusterMember member)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(member);
        var cookie = member.Cookies.GetCookieHeader(Cluster.LoadBalancer);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.Headers["Cookie"] = cookie;
            })
            .Build();
        _connections.Add(connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await connection.StartAsync(timeout.Token);
        return connection;
    }

    protected static async Task<string> FormTokenAsync(HttpClient client, string url)
    {
        var page = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No form on {url}.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>Collects one kind of hub event so a test can wait for the next one with a deadline.</summary>
public sealed class HubInbox<T>
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>();

    public void Add(T item) => _channel.Writer.TryWrite(item);

    public async Task<T> NextAsync(TimeSpan timeout) => await _channel.Reader.ReadAsync().AsTask().WaitAsync(timeout);
}
