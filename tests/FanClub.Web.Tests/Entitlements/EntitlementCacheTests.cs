using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using FanClub.Web.Entitlements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FanClub.Web.Tests.Entitlements;

/// <summary>The cache's own rules, without a host: what a read racing a change may and may not store.</summary>
public sealed class EntitlementCacheRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private readonly EntitlementCache _cache = new();
    private readonly Guid _member = Guid.NewGuid();

    private MemberEntitlements Answer(bool banned = false) => new(_member, Now, banned, []);

    [Fact]
    public void An_answer_is_kept_until_it_expires()
    {
        _cache.Store(_member, Answer(), Now.AddMinutes(1), _cache.BeginRead());

        Assert.True(_cache.TryGet(_member, Now, out var kept));
        Assert.False(kept.Banned);
        Assert.False(_cache.TryGet(_member, Now.AddMinutes(1), out _));
    }

    [Fact]
    public void A_read_that_started_before_a_change_is_not_stored_over_it()
    {
        var before = _cache.BeginRead();
        _cache.Forget(_member);                         // the ban commits while the read is on its way
        _cache.Store(_member, Answer(), Now.AddMinutes(1), before);

        Assert.False(_cache.TryGet(_member, Now, out _));

        var after = _cache.BeginRead();
        _cache.Store(_member, Answer(banned: true), Now.AddMinutes(1), after);
        Assert.True(_cache.TryGet(_member, Now, out var fresh));
        Assert.True(fresh.Banned);
    }

    [Fact]
    public void A_change_after_an_answer_was_stored_removes_it()
    {
        _cache.Store(_member, Answer(), Now.AddMinutes(1), _cache.BeginRead());
        _cache.Forget(_member);

        Assert.False(_cache.TryGet(_member, Now, out _));
    }

    [Fact]
    public void Forgetting_everyone_also_refuses_reads_that_were_in_flight()
    {
        var other = Guid.NewGuid();
        _cache.Store(other, Answer(), Now.AddMinutes(1), _cache.BeginRead());
        var before = _cache.BeginRead();
        _cache.ForgetAll();
        _cache.Store(_member, Answer(), Now.AddMinutes(1), before);

        Assert.False(_cache.TryGet(other, Now, out _));
        Assert.False(_cache.TryGet(_member, Now, out _));
        Assert.Equal(0, _cache.Count);
    }
}

/// <summary>The cache inside the running host: answered from memory, and never stale after a committed change.</summary>
public sealed class EntitlementCacheTests(WebAppFixture fixture) : WebTest(fixture)
{
    private static readonly EntitlementKey Live = EntitlementKey.Parse("stream:live");

    private IEntitlementQuery Query => Factory.Services.GetRequiredService<IEntitlementQuery>();

    private async Task<(Guid Member, Tier Tier)> CompedMemberAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser { UserName = $"m{Guid.NewGuid():N}@example.com", Email = $"m{Guid.NewGuid():N}@example.com", DisplayName = "M", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("T", "T"), new LocalizedText("T", "T"),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, [Live]).Value;
        db.Tiers.Add(tier);
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), user.Id, tier.Id, 30, "Make-good", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
        await db.SaveChangesAsync();
        return (user.Id, tier);
    }

    [Fact]
    public async Task The_second_question_is_answered_from_memory()
    {
        var (member, _) = await CompedMemberAsync();

        var first = await Query.GetAsync(member, CancellationToken.None);
        var second = await Query.GetAsync(member, CancellationToken.None);

        Assert.True(first.Has(Live));
        Assert.Same(first, second);
    }

    [Fact]
    public async Task A_ban_inside_a_transaction_is_refused_from_its_commit_and_not_before()
    {
        var (member, _) = await CompedMemberAsync();
        Assert.True((await Query.GetAsync(member, CancellationToken.None)).Has(Live));
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Shared account", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            Assert.False((await Query.GetAsync(member, CancellationToken.None)).Banned); // not committed: still allowed
            await transaction.CommitAsync();
        }

        var after = await Query.GetAsync(member, CancellationToken.None);
        Assert.True(after.Banned);
        Assert.False(after.Has(Live));
    }

    [Fact]
    public async Task A_rolled_back_ban_leaves_the_member_allowed()
    {
        var (member, _) = await CompedMemberAsync();
        Assert.True((await Query.GetAsync(member, CancellationToken.None)).Has(Live));
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Mistake", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.True((await Query.GetAsync(member, CancellationToken.None)).Has(Live));
    }

    [Fact]
    public async Task Changing_a_tiers_keys_changes_its_members_answers_at_once()
    {
        var (member, tier) = await CompedMemberAsync();
        Assert.Equal([Live], (await Query.GetAsync(member, CancellationToken.None)).Keys);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var tracked = await db.Tiers.SingleAsync(t => t.Id == tier.Id);

        var premium = EntitlementKey.Parse("chat:premium");
        Assert.True(tracked.Edit(tracked.Name, tracked.Description, tracked.TrialDays, tracked.SortOrder, [premium]).Succeeded);
        await db.SaveChangesAsync();

        Assert.Equal([premium], (await Query.GetAsync(member, CancellationToken.None)).Keys);
    }

    [Fact]
    public async Task A_ban_written_by_another_process_is_refused_after_the_next_change_feed_poll()
    {
        var (member, _) = await CompedMemberAsync();
        Assert.True((await Query.GetAsync(member, CancellationToken.None)).Has(Live));

        // Another node (or an operator's script) commits a ban and its change row; this host's interceptor never sees it.
        await using (var connection = new MySqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand(
                "INSERT INTO bans (Id, MemberId, Reason, BannedBy, BannedAt) VALUES (@id, @member, 'Elsewhere', @by, @at); " +
                "INSERT INTO entitlement_changes (MemberId, Cause, CreatedAt) VALUES (@member, 'ban', @at);", connection);
            command.Parameters.AddWithValue("@id", Guid.NewGuid());
            command.Parameters.AddWithValue("@member", member);
            command.Parameters.AddWithValue("@by", Guid.NewGuid());
            command.Parameters.AddWithValue("@at", Factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1));
            await command.ExecuteNonQueryAsync();
        }

        Assert.False((await Query.GetAsync(member, CancellationToken.None)).Banned); // answered from memory until the feed says otherwise

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var banned = false;
        while (!banned && DateTime.UtcNow < deadline)
        {
            Factory.Clock.Advance(EntitlementChangeFeed.PollInterval);
            await Task.Delay(50);
            banned = (await Query.GetAsync(member, CancellationToken.None)).Banned;
        }

        Assert.True(banned, "the change feed did not make the host forget the member within 10 s");
    }

    [Fact]
    public async Task The_host_is_ready_only_once_every_member_is_loaded()
    {
        var fresh = new EntitlementCacheState();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, (await fresh.CheckHealthAsync(new())).Status);
        fresh.Warmed(3, TimeSpan.FromMilliseconds(5));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await fresh.CheckHealthAsync(new())).Status);

        using var client = Factory.CreateClient();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.True(Factory.Services.GetRequiredService<EntitlementCacheState>().IsWarm);
    }
}
