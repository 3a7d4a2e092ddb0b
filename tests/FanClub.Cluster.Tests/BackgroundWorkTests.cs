using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FanClub.Billing.Webhooks;
using FanClub.Web.Partners;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Xunit.Abstractions;

namespace FanClub.Cluster.Tests;

/// <summary>
/// Work that every node does in the background or on Stripe's behalf is done once, whichever nodes
/// run, and survives a node dying in the middle of it.
/// </summary>
public sealed class BackgroundWorkTests(ClusterFixture cluster, ITestOutputHelper output) : ClusterTest(cluster)
{
    [Fact]
    public async Task The_same_stripe_event_delivered_to_two_nodes_at_once_is_applied_once()
    {
        var member = await MemberAsync("Payer");
        var gold = await TierAsync("stream:live");
        var site = Browser(Cluster.LoadBalancer, member.Cookies);
        var token = await FormTokenAsync(site, $"/billing/subscribe?tier={gold.Slug}");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tier"] = gold.Slug, ["Interval"] = "Month", ["__RequestVerificationToken"] = token,
        });
        using var subscribe = await site.PostAsync(new Uri($"/billing/subscribe?tier={gold.Slug}", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, subscribe.StatusCode);
        var checkout = subscribe.Headers.Location!;
        using var sandbox = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Cluster.Sandbox.BaseAddress };
        sandbox.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClusterFixture.StripeKey);
        using (var card = new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = "4242424242424242" }))
        using (var paid = await sandbox.PostAsync(new Uri(checkout + "/pay"), card))
        {
            Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        }

        var events = await EventsOfCustomerAsync(sandbox, member.Id);
        output.WriteLine($"events: {string.Join(", ", events.Select(e => (string)e["type"]!))}");
        Assert.Contains(events, e => (string)e["type"]! == "checkout.session.completed");
        Assert.Contains(events, e => (string)e["type"]! == "invoice.paid");

        // Stripe retrying while the first delivery is still in flight, to another node each time.
        foreach (var stripeEvent in events)
        {
            var json = stripeEvent.ToJsonString();
            var answers = await Task.WhenAll(Cluster.Nodes.Take(2).Select(node => DeliverAsync(node, json)));
            Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        }

        await using var db = Cluster.CreateContext();
        var ids = events.Select(e => (string)e["id"]!).ToList();
        Assert.Equal(ids.Count, await db.StripeInbox.CountAsync(e => ids.Contains(e.EventId)));
        Assert.Equal(1, await db.Subscriptions.CountAsync(s => s.MemberId == member.Id));
        Assert.Equal(1, await db.Payments.CountAsync(p => p.MemberId == member.Id));
        var notices = await db.Notices.Where(n => n.MemberId == member.Id).Select(n => n.Kind).ToListAsync();
        Assert.Equal(notices.Distinct().Count(), notices.Count);
        var members = await Browser(Cluster.Nodes[2].BaseAddress, member.Cookies).GetStringAsync(new Uri("/members", UriKind.Relative));
        Assert.Contains("data-entitlement=\"stream:live\"", members, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partner_notifications_are_delivered_once_each_while_three_nodes_dispatch()
    {
        var partner = await PartnerAsync();
        var tier = await TierAsync("stream:live");
        var members = await UsersAsync(30);

        await CompAsync(tier, [.. members]);

        var posts = await PostsForAsync(partner.Id, members, TimeSpan.FromSeconds(30));
        Assert.True(members.Count == posts.Count, $"{posts.Count} posts for {members.Count} members: "
            + string.Join(", ", posts.GroupBy(p => p.MessageId).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}")));
        Assert.Equal(members.Order(), posts.Select(p => p.MemberId).Order());
        Assert.Equal(posts.Count, posts.Select(p => p.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(posts, p => Assert.Equal(PartnerWebhookSender.Sign(partner.WebhookSecret, p.MessageId, long.Parse(p.Timestamp, System.Globalization.CultureInfo.InvariantCulture), p.Body), p.Signature));
        await using var db = Cluster.CreateContext();
        // Only these members: a new partner also hears of changes to earlier tests' members.
        Assert.Equal(members.Count, await db.PartnerDeliveries.CountAsync(d => d.PartnerId == partner.Id && members.Contains(d.MemberId) && d.DeliveredAt != null));
    }

    [Fact]
    public async Task Killing_a_node_under_load_loses_no_request_the_balancer_can_retry_and_no_queued_work()
    {
        var partner = await PartnerAsync();
        var tier = await TierAsync("stream:live");
        var checkedMember = await UsersAsync(1);
        var members = await UsersAsync(40);
        await CompAsync(tier, checkedMember[0]);
        var victim = Cluster.Nodes[1];
        var failures = new ConcurrentQueue<string>();
        var served = 0;
        try
        {
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = Cluster.LoadBalancer, Timeout = TimeSpan.FromSeconds(20) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", partner.ApiKey);
                while (!stop.IsCancellationRequested)
                {
                    var url = worker % 2 == 0 ? "/" : $"/api/partners/v1/members/{checkedMember[0]}/access?key=stream:live";
                    try
                    {
                        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref served);
                        }
                        else
                        {
                            failures.Enqueue($"{url}: {(int)response.StatusCode}");
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Enqueue($"{url}: {e.Message}");
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(1.5));
            // Work queued just before the crash: some of it is being dispatched by the victim when it dies.
            await CompAsync(tier, [.. members]);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            victim.Kill();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stop.CancelAsync();
            await Task.WhenAll(load);

            output.WriteLine($"requests served through the balancer: {served}, failed: {failures.Count}");
            Assert.True(served > 50, $"Only {served} requests were served.");
            Assert.True(failures.IsEmpty, "Requests were lost: " + string.Join("; ", failures.Take(5)));

            var posts = await PostsForAsync(partner.Id, members, TimeSpan.FromSeconds(40));
            // At least once: a delivery the victim sent but never marked is sent again, with the same id.
            Assert.Equal(members.Order(), posts.Select(p => p.MemberId).Distinct().Order());
            await using var db = Cluster.CreateContext();
            Assert.False(await db.EntitlementChanges.AnyAsync(c => members.Contains(c.MemberId) && c.DispatchedAt == null));
            Assert.Equal(members.Count, await db.PartnerDeliveries.CountAsync(d => d.PartnerId == partner.Id && members.Contains(d.MemberId) && d.DeliveredAt != null));
        }
        finally
        {
            await victim.StartAsync(TimeSpan.FromSeconds(90));
        }
    }

    /// <summary>Accounts that exist only to be comped (no one signs in as them).</summary>
    private async Task<List<Guid>> UsersAsync(int count)
    {
        await using var db = Cluster.CreateContext();
        var users = Enumerable.Range(0, count).Select(_ =>
        {
            var email = $"quiet-{Guid.NewGuid():N}@example.com";
            return new FanClub.Web.Accounts.FanClubUser
            {
                Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = "Quiet", CreatedAt = DateTimeOffset.UtcNow,
                SecurityStamp = Guid.NewGuid().ToString("N"),
            };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    /// <summary>What one partner received about <paramref name="members"/>, once every one of them has had at least one post.</summary>
    private async Task<List<PartnerPost>> PostsForAsync(string partnerId, IReadOnlyCollection<Guid> members, TimeSpan timeout)
    {
        var wanted = members.ToHashSet();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var posts = Cluster.PartnerReceiver.PostsTo(partnerId).Where(p => wanted.Contains(p.MemberId)).ToList();
            if (posts.Select(p => p.MemberId).Distinct().Count() == wanted.Count)
            {
                // Let a late duplicate, if any, arrive before the test counts.
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                return [.. Cluster.PartnerReceiver.PostsTo(partnerId).Where(p => wanted.Contains(p.MemberId))];
            }

            Assert.True(clock.Elapsed < timeout, $"Only {posts.Select(p => p.MemberId).Distinct().Count()} of {wanted.Count} members were notified within {timeout.TotalSeconds} s.");
            await Task.Delay(200);
        }
    }

    /// <summary>The sandbox's events about this member's customer (their checkout, subscription, invoice...), oldest first.</summary>
    private async Task<List<JsonObject>> EventsOfCustomerAsync(HttpClient sandbox, Guid memberId)
    {
        string customer;
        await using (var db = Cluster.CreateContext())
        {
            customer = await db.BillingCustomers.Where(c => c.MemberId == memberId).Select(c => c.StripeCustomerId).SingleAsync();
        }

        var page = JsonNode.Parse(await sandbox.GetStringAsync(new Uri("/v1/events?limit=100", UriKind.Relative)))!.AsObject();
        return [.. page["data"]!.AsArray().Select(e => e!.AsObject()).Reverse()
            .Where(e => e["data"]?["object"] is JsonObject o && ((string?)o["customer"] == customer || (string?)o["id"] == customer))];
    }

    private static async Task<HttpStatusCode> DeliverAsync(ClusterNode node, string json)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(StripeWebhookEndpoint.Path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            EventUtility.GenerateSignatureHeader(json, ClusterFixture.StripeWebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
