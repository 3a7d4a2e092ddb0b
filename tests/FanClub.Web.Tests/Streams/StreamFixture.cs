using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using FanClub.Web.Partners.Tokens;
using FanClub.Web.Streams;
using FanClub.Web.Tests.Partners;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// The host with the live stream module in front of a real nginx: streams <c>s1</c> (needs
/// <c>stream:live</c>) and <c>s2</c> (needs <c>stream:replays</c>), signed with the secret in the
/// nginx configuration, and the host's own local edge serving the same files, for comparison.
/// </summary>
public sealed class StreamFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private FanClubWebFactory? _factory;

    public NginxServer Nginx { get; } = new();

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not started.");

    public FanClubWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not started.");

    public async Task InitializeAsync()
    {
        await Nginx.InitializeAsync();
        _database = await TestDatabase.CreateAsync("stream");
        _factory = new FanClubWebFactory(_database)
        {
            Settings =
            {
                ["Partners:Tokens:NginxSecret"] = NginxServer.Secret,
                ["Partners:livestream:EdgeBaseUrl"] = Nginx.BaseAddress.ToString(),
                ["Partners:livestream:Streams:0:Id"] = "s1",
                ["Partners:livestream:Streams:0:NameEn"] = "Stage one",
                ["Partners:livestream:Streams:0:NameFr"] = "Scène un",
                ["Partners:livestream:Streams:0:RequiredKey"] = "stream:live",
                ["Partners:livestream:Streams:1:Id"] = "s2",
                ["Partners:livestream:Streams:1:NameEn"] = "Replays",
                ["Partners:livestream:Streams:1:RequiredKey"] = "stream:replays",
                [LocalEdge.RootSetting] = Nginx.LiveFolder,
            },
        };
        _ = _factory.Server;
        // The session registry starts empty and, for one active window, lets a member run twice the
        // limit while players from before a restart re-register (StreamSessionRegistryTests); these
        // tests are about the steady state, so they begin after that window.
        _factory.Clock.Advance(StreamSessionRules.ActiveWindow(new PartnerTokenOptions()));
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

        await Nginx.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StreamTestGroup : ICollectionFixture<StreamFixture>
{
    public const string Name = "streams";
}

/// <summary>Base of the stream tests: a clean database before each, members with chosen keys, token requests.</summary>
[Collection(StreamTestGroup.Name)]
public abstract class StreamTest(StreamFixture fixture) : IAsyncLifetime
{
    protected StreamFixture Fixture { get; } = fixture;

    protected FanClubWebFactory Factory => Fixture.Factory;

    /// <summary>The node's registry of players (no Redis here: the in-process one).</summary>
    protected InProcessStreamSessionRegistry Registry => (InProcessStreamSessionRegistry)Factory.Services.GetRequiredService<IStreamSessionRegistry>();

    protected HttpClient Edge { get; } = new() { BaseAddress = fixture.Nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public Task InitializeAsync() => Fixture.Database.ResetAsync();

    public Task DisposeAsync()
    {
        Edge.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A signed-in member holding <paramref name="keys"/> through a week's comp (none: a member without a membership).</summary>
    protected async Task<(FormClient Client, Guid MemberId)> MemberAsync(params string[] keys)
    {
        var steps = new Accounts.AccountSteps(Factory, Fixture.Database);
        var email = Accounts.AccountSteps.NewEmail("viewer");
        Guid memberId;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
            var user = new FanClubUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Viewer", CreatedAt = Factory.Clock.GetUtcNow() };
            var created = await users.CreateAsync(user, Accounts.AccountSteps.Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Code)));
            await users.AddToRoleAsync(user, Roles.Member);
            memberId = user.Id;
        }

        if (keys.Length > 0)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("Tier", "Tier"), new LocalizedText("Tier", "Tier"),
                new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, keys.Select(EntitlementKey.Parse)).Value;
            db.Tiers.Add(tier);
            db.Comps.Add(Comp.Grant(Guid.NewGuid(), memberId, tier.Id, 7, "Stream test", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
            await db.SaveChangesAsync();
        }

        return (await steps.SignedInAsync(email), memberId);
    }

    protected async Task BanAsync(Guid memberId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        db.Bans.Add(Ban.Impose(Guid.NewGuid(), memberId, "Account sharing", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    protected static string NewSessionId() => Guid.NewGuid().ToString("N");

    protected static async Task<HttpResponseMessage> RequestTokenAsync(FormClient member, string streamId, string sessionId) =>
        await member.Http.PostAsJsonAsync(new Uri($"/api/me/streams/{streamId}/token", UriKind.Relative), new { sessionId });

    /// <summary>A token the member must get: asserts 200 and returns the body.</summary>
    protected static async Task<StreamTokenResponse> TokenAsync(FormClient member, string streamId, string sessionId)
    {
        using var response = await RequestTokenAsync(member, streamId, sessionId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StreamTokenResponse>())!;
    }

    /// <summary>Asserts problem details with <paramref name="status"/> and returns them.</summary>
    protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
