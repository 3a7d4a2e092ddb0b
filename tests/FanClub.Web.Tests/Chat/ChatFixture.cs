using System.Net;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using FanClub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FanClub.Web.Tests.Chat;

/// <summary>
/// A host of its own for the chat tests, on its own database, whose entitlement-notice dispatcher
/// ticks in real time (every second, as in production) while the rest of the app keeps the test's
/// clock: removal times measured here are what a member would see.
/// </summary>
public sealed class ChatFixture : IAsyncLifetime
{
    private readonly string _keyFolder = Path.Combine(Path.GetTempPath(), "fanclub-chat-keys-" + Guid.NewGuid().ToString("N"));
    private TestDatabase? _database;
    private FanClubWebFactory? _factory;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not started.");

    public FanClubWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("chat");
        _factory = new FanClubWebFactory(_database)
        {
            Settings =
            {
                ["Partners:Tokens:JwtKeyFolder"] = _keyFolder,
            },
            ConfigureServices = services =>
            {
                var notifier = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PartnerNotificationService));
                services.Remove(notifier);
                services.AddSingleton<IHostedService>(sp => new PartnerNotificationService(
                    sp.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, sp.GetRequiredService<ILogger<PartnerNotificationService>>()));
            },
        };
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(_keyFolder))
        {
            Directory.Delete(_keyFolder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ChatTestGroup : ICollectionFixture<ChatFixture>
{
    public const string Name = "chat";
}

/// <summary>Members with tiers, comps and bans, signed in, and real SignalR connections to <c>/hubs/chat</c>.</summary>
[Collection(ChatTestGroup.Name)]
public abstract class ChatTest(ChatFixture fixture) : IAsyncLifetime
{
    public static readonly EntitlementKey Premium = EntitlementKey.Parse("chat:premium");
    public static readonly EntitlementKey Community = EntitlementKey.Parse("chat:community");

    private readonly List<HubConnection> _connections = [];

    protected FanClubWebFactory Factory => fixture.Factory;

    protected TestDatabase Database => fixture.Database;

    public Task InitializeAsync() => Database.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>A confirmed account, signed in through the log-in form: its id and its auth cookie.</summary>
    protected async Task<Member> MemberAsync(string name, string? role = null)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
            var user = new FanClubUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, AccountSteps.Password)).Succeeded);
            await users.AddToRoleAsync(user, role ?? Roles.Member);
        }

        var client = new FormClient(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        using var login = await AccountSteps.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = AccountSteps.SetCookieHeader(login, AccountSteps.AuthCookie) ?? throw new InvalidOperationException("No auth cookie.");
        var id = (await FindUserIdAsync(email)) ?? throw new InvalidOperationException("No user.");
        return new Member(id, name, cookie.Split(';')[0], client);
    }

    private async Task<Guid?> FindUserIdAsync(string email)
    {
        await using var db = Database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).SingleOrDefaultAsync();
    }

    protected async Task<Tier> TierAsync(params EntitlementKey[] keys)
    {
        await using var db = Database.CreateContext();
        var slug = "t" + Guid.NewGuid().ToString("N")[..8];
        var tier = Tier.Create(Guid.NewGuid(), slug, new LocalizedText(slug, slug), new LocalizedText(slug, slug),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, keys).Value;
        db.Tiers.Add(tier);
        await db.SaveChangesAsync();
        return tier;
    }

    /// <summary>Grants a tier for a week, through the app's DbContext so the entitlement change is recorded.</summary>
    protected async Task<Guid> CompAsync(Member member, Tier tier)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var comp = Comp.Grant(Guid.NewGuid(), member.Id, tier.Id, 7, "Chat test", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value;
        db.Comps.Add(comp);
        await db.SaveChangesAsync();
        return comp.Id;
    }

    protected async Task RevokeCompAsync(Guid compId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var comp = await db.Comps.SingleAsync(c => c.Id == compId);
        comp.Revoke(Factory.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    protected async Task BanAsync(Member member)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        db.Bans.Add(Ban.Impose(Guid.NewGuid(), member.Id, "Chat test", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    /// <summary>A started WebSocket connection to the hub on the test server, carrying the member's cookie.</summary>
    protected async Task<HubConnection> ConnectAsync(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Factory.Server.BaseAddress, "hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, ct) =>
                {
                    var client = Factory.Server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = member.Cookie;
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        _connections.Add(connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await connection.StartAsync(timeout.Token);
        return connection;
    }

    /// <summary>Collects one kind of server event, so a test can wait for the next one with a deadline.</summary>
    protected static EventInbox<T> Listen<T>(HubConnection connection, string method)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var inbox = new EventInbox<T>();
        connection.On<T>(method, inbox.Add);
        return inbox;
    }
}

public sealed record Member(Guid Id, string Name, string Cookie, FormClient Client);

/// <summary>Events received from the hub, in order, awaited with a timeout so no test hangs.</summary>
public sealed class EventInbox<T>
{
    private readonly System.Threading.Channels.Channel<T> _channel = System.Threading.Channels.Channel.CreateUnbounded<T>();

    public void Add(T item) => _channel.Writer.TryWrite(item);

    public async Task<T> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        return await _channel.Reader.ReadAsync(cts.Token);
    }

    public bool TryTake(out T? item) => _channel.Reader.TryRead(out item);
}
