using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Subscriptions;
using FanClub.Modules.PremiumChat;
using FanClub.Testing;
using FanClub.Web.Data;
using FanClub.Web.Streams;
using FanClub.Web.Tests.Accounts;
using FanClub.Web.Tests.Billing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Faults;

/// <summary>
/// The billing host on a MariaDB of its own, which the outage test kills (SIGKILL) and starts again
/// on the same datadir. The site's own <c>/live/</c> edge is on, so a member's stream token can be
/// checked while the database is away.
/// </summary>
public sealed class OutageFixture : BillingFixture
{
    private PrivateMariaDb? _server;

    public PrivateMariaDb Server => _server ?? throw new InvalidOperationException("Fixture not started.");

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        _server = await PrivateMariaDb.StartAsync();
        return await TestDatabase.CreateAsync("outage", _server.ServerConnectionString);
    }

    protected override void ConfigureHost(FanClubWebFactory factory)
    {
        factory.Settings["Partners:Tokens:NginxSecret"] = "outage-test-edge-secret-0123456789abcdef";
        factory.Settings[LocalEdge.RootSetting] = RepositoryFiles.PathOf("src", "FanClub.Web", "DemoStreams");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OutageTestGroup : ICollectionFixture<OutageFixture>
{
    public const string Name = "outage";
}

/// <summary>
/// The database dies during the launch (SIGKILL of mariadbd) while members use the site, stays down
/// for <c>FANCLUB_OUTAGE_SECONDS</c> (8 s in the suite, 30 s under <c>./fanclub soak</c>), then comes
/// back on the same datadir. Measured: every answer during the outage, the time to recover, and
/// what was lost (nothing).
/// </summary>
[Collection(OutageTestGroup.Name)]
public sealed class DatabaseOutageTests(OutageFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    private const int Workers = 3;

    private static TimeSpan OutageLength =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("FANCLUB_OUTAGE_SECONDS"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 8);

    [Fact]
    public async Task During_an_outage_pages_answer_503_webhooks_are_refused_streams_and_chat_stay_up_and_afterwards_nothing_is_lost()
    {
        // Before: one member paid at Checkout (Stripe's events not delivered yet), another holds a
        // comp with the community chat and the live stream, is in the chat room and has a stream token.
        var payer = await MemberAsync();
        await CheckoutAsync(payer.Client);
        var events = await NewEventsAsync();
        Assert.NotEmpty(events);
        var watcher = await MemberAsync();
        await CompAsync(watcher.MemberId);
        var playlist = await StreamTokenAsync(watcher.Client);
        await using var chat = await ConnectChatAsync(watcher.Email);
        await chat.InvokeAsync<ChatJoined>("Join", "community");
        var usersBefore = await Database.CountAsync("AspNetUsers");
        var loginPage = Accounts.NewClient();
        var loginToken = await FormTokenAsync(loginPage, "/account/login");

        await fixture.Server.KillAsync();
        var answers = new ConcurrentBag<Answer>();
        var requests = Requests(payer, watcher, (loginPage, loginToken), playlist, events);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; stopwatch.Elapsed < OutageLength; i += Workers)
            {
                var (name, send) = requests[i % requests.Count];
                answers.Add(await AnswerAsync(name, send));
            }
        })));
        var chatDuringOutage = chat.State;
        var sendDuringOutage = await Record.ExceptionAsync(() => chat.InvokeAsync<ChatMessageView>("Send", "community", "during the outage"));

        await fixture.Server.RestartAsync();
        var recovery = Stopwatch.StartNew();
        await WaitUntilReadyAsync();
        var readyAfter = recovery.Elapsed;

        // The outage, as members and Stripe saw it.
        var byName = answers.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.ToList());
        output.WriteLine($"database down {OutageLength.TotalSeconds:0} s: {answers.Count} requests from {Workers} workers; ready again {readyAfter.TotalSeconds:0.0} s after the restart");
        foreach (var (name, list) in byName.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {name}: " + string.Join(", ", list.GroupBy(a => a.Status).Select(g => $"{g.Count()} x {(int)g.Key}")));
        }

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.ServiceUnavailable || (int)a.Status < 500, $"{a.Name} answered {(int)a.Status}: {a.Body}"));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a =>
        {
            Assert.True(a.RetryAfter is > 0, $"{a.Name}: 503 without Retry-After");
            Assert.DoesNotContain("Exception", a.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", a.Body, StringComparison.Ordinal);
        });
        foreach (var page in new[] { "members page", "billing page", "log in" })
        {
            Assert.All(byName[page], a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
            Assert.All(byName[page], a => Assert.Contains("data-testid=\"outage\"", a.Body, StringComparison.Ordinal));
        }

        Assert.All(byName["stripe webhook"], a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.All(byName["stripe webhook"], a => Assert.Contains("application/problem+json", a.ContentType, StringComparison.Ordinal));
        // A member already watching keeps watching: their answer is in the entitlement cache (no change
        // can commit while the database is down) and players are counted in memory.
        Assert.All(byName["stream token renewal"], a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(byName["ready"], a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.All(byName["live"], a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(byName["playlist on the edge"], a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(HubConnectionState.Connected, chatDuringOutage);
        Assert.IsType<HubException>(sendDuringOutage);
        Assert.Equal(0, await CountAsync(db => db.StripeInbox.CountAsync()));

        // Afterwards, with no restart of FanClub: Stripe's retries apply each event once, the chat
        // and the player carry on, and everything stored before the outage is still there.
        foreach (var e in events)
        {
            var delivery = await PostEventAsync(e);
            Assert.True(delivery.Status == HttpStatusCode.OK, $"{delivery.Type} answered {(int)delivery.Status} after the outage: {delivery.Body}");
        }

        await DeliverAsync();
        var subscription = await LocalSubscriptionAsync(payer.MemberId);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(1, await CountAsync(db => db.Payments.CountAsync(p => p.MemberId == payer.MemberId)));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(payer.MemberId));
        Assert.Equal((await InboxAsync()).Count, (await InboxAsync()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(payer.Client));
        var posted = await chat.InvokeAsync<ChatMessageView>("Send", "community", "after the outage");
        Assert.Equal("after the outage", posted.Text);
        Assert.Equal(HubConnectionState.Connected, chat.State);
        using (var renewed = await RenewStreamTokenAsync(watcher.Client))
        {
            Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        }

        Assert.Equal(usersBefore, await Database.CountAsync("AspNetUsers"));
        Assert.Equal(1, await CountAsync(db => db.Comps.CountAsync(c => c.MemberId == watcher.MemberId)));
        output.WriteLine($"after recovery: {events.Count} events applied once each, subscription {subscription.Status}, users {usersBefore} before and after, chat connected throughout");
    }

    private List<(string Name, Func<Task<HttpResponseMessage>> Send)> Requests(
        Member payer, Member watcher, (FormClient Client, string Token) login, string playlist, IReadOnlyList<JsonObject> events)
    {
        var anonymous = Factory.CreateClient();
        var next = 0;
        return
        [
            ("members page", () => watcher.Client.Http.GetAsync(new Uri("/members", UriKind.Relative))),
            ("billing page", () => payer.Client.Http.GetAsync(new Uri("/billing", UriKind.Relative))),
            ("log in", () => PostWithTokenAsync(login.Client, "/account/login", login.Token,
                new Dictionary<string, string> { ["Input.Email"] = payer.Email, ["Input.Password"] = AccountSteps.Password })),
            ("stripe webhook", () =>
            {
                var e = events[Interlocked.Increment(ref next) % events.Count];
                var json = e.ToJsonString();
                return PostWebhookAsync(json, Sign(json));
            }),
            ("stream token renewal", () => RenewStreamTokenAsync(watcher.Client)),
            ("playlist on the edge", () => anonymous.GetAsync(new Uri(playlist, UriKind.Relative))),
            ("ready", () => anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))),
            ("live", () => anonymous.GetAsync(new Uri("/health/live", UriKind.Relative))),
            ("home page", () => anonymous.GetAsync(new Uri("/", UriKind.Relative))),
        ];
    }

    private static async Task<Answer> AnswerAsync(string name, Func<Task<HttpResponseMessage>> send)
    {
        using var response = await send();
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(name, response.StatusCode, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, response.Content.Headers.ContentType?.ToString() ?? string.Empty, body);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = Factory.CreateClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "/health/ready did not recover within 30 s of the database's restart.");
            await Task.Delay(100);
        }
    }

    private async Task CompAsync(Guid memberId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), memberId, Gold.Id, 7, "Outage test", Guid.NewGuid(), AppNow).Value);
        await db.SaveChangesAsync();
    }

    private static Task<HttpResponseMessage> RenewStreamTokenAsync(FormClient client) =>
        client.Http.PostAsJsonAsync(new Uri("/api/me/streams/main-stage/token", UriKind.Relative), new StreamTokenRequest { SessionId = "outage-test-player-0001" });

    private static async Task<string> StreamTokenAsync(FormClient client)
    {
        using var response = await RenewStreamTokenAsync(client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<StreamTokenResponse>();
        return token!.PlaylistUrl;
    }

    /// <summary>A WebSocket to the chat hub with a session of its own, as a second browser tab would have.</summary>
    private async Task<HubConnection> ConnectChatAsync(string email)
    {
        using var login = await AccountSteps.LogInAsync(Accounts.NewClient(), email);
        var cookie = AccountSteps.SetCookieHeader(login, AccountSteps.AuthCookie)?.Split(';')[0]
            ?? throw new InvalidOperationException("No auth cookie.");
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Factory.Server.BaseAddress, "hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, ct) =>
                {
                    var client = Factory.Server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await connection.StartAsync(timeout.Token);
        return connection;
    }

    private async Task<int> CountAsync(Func<FanClubDbContext, Task<int>> count)
    {
        await using var db = Database.CreateContext();
        return await count(db);
    }

    private sealed record Answer(string Name, HttpStatusCode Status, int? RetryAfter, string ContentType, string Body);
}
