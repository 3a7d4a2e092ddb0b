using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using FanClub.Web.Entitlements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Entitlements;

public sealed class EntitlementChangeTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task<(Guid Member, Tier Tier)> MemberAndTierAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser { UserName = $"m{Guid.NewGuid():N}@example.com", Email = $"m{Guid.NewGuid():N}@example.com", DisplayName = "M", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("T", "T"), new LocalizedText("T", "T"),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, [EntitlementKey.Parse("stream:live")]).Value;
        db.Tiers.Add(tier);
        await db.SaveChangesAsync();
        return (user.Id, tier);
    }

    [Fact]
    public async Task A_comp_is_saved_with_its_entitlement_change_and_grants_the_tier()
    {
        var (member, tier) = await MemberAndTierAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();

        db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 30, "Contest winner", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
        await db.SaveChangesAsync();

        var changes = await db.EntitlementChanges.AsNoTracking().Where(c => c.MemberId == member).ToListAsync();
        var change = Assert.Single(changes);
        Assert.Equal("comp", change.Cause);
        var entitlements = await scope.ServiceProvider.GetRequiredService<EntitlementReader>().GetAsync(member, CancellationToken.None);
        Assert.True(entitlements.Has(EntitlementKey.Parse("stream:live")));
        Assert.Equal(EntitlementSource.Comp, Assert.Single(entitlements.Grants).Source);
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_entitlement_change_behind()
    {
        var (member, _) = await MemberAndTierAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Test", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.EntitlementChanges.CountAsync(c => c.MemberId == member));
            await transaction.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        Assert.Equal(0, await db.EntitlementChanges.CountAsync(c => c.MemberId == member));
        Assert.Equal(0, await db.Bans.CountAsync(b => b.MemberId == member));
    }

    [Fact]
    public async Task A_ban_takes_every_entitlement_away_at_once()
    {
        var (member, tier) = await MemberAndTierAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var reader = scope.ServiceProvider.GetRequiredService<EntitlementReader>();
        db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 30, "Make-good", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
        await db.SaveChangesAsync();
        Assert.NotEmpty((await reader.GetAsync(member, CancellationToken.None)).Keys);

        db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Shared account", Guid.NewGuid(), Factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();

        var after = await reader.GetAsync(member, CancellationToken.None);
        Assert.True(after.Banned);
        Assert.Empty(after.Keys);
        Assert.Equal(["comp", "ban"], await db.EntitlementChanges.Where(c => c.MemberId == member).OrderBy(c => c.Id).Select(c => c.Cause).ToListAsync());
    }
}
