using FanClub.Testing;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Seeding;

public sealed class DemoSeedingTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Demo_seed_adds_tiers_an_admin_and_members_once()
    {
        await StartDemoHostAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<FanClubUser>>();
            var admins = await users.GetUsersInRoleAsync(Roles.Admin);
            Assert.Equal(["admin@fanclub.test"], admins.Select(u => u.Email));
            Assert.True(admins[0].EmailConfirmed);
            var members = (await users.GetUsersInRoleAsync(Roles.Member)).Select(u => u.Email).ToList();
            Assert.Contains("fan@fanclub.test", members);
            Assert.True(members.Count >= 3, $"Only {members.Count} demo members.");
        });
        var first = await CountsAsync();
        Assert.Equal(3, first.Tiers);

        await StartDemoHostAsync(_ => Task.CompletedTask);

        Assert.Equal(first, await CountsAsync());
    }

    private async Task StartDemoHostAsync(Func<IServiceProvider, Task> inspect)
    {
        await using var host = new FanClubWebFactory(Database);
        host.Settings["Demo:Seed"] = "true";
        using var scope = host.Services.CreateScope(); // starting the host runs the seeder
        await inspect(scope.ServiceProvider);
    }

    private async Task<(int Tiers, int Users, int RoleLinks)> CountsAsync()
    {
        await using var db = Database.CreateContext();
        return (await db.Tiers.CountAsync(), await db.Users.CountAsync(), await db.UserRoles.CountAsync());
    }
}
