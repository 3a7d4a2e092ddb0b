using System.Net;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Data;
using FanClub.Web.Tests.Accounts;

namespace FanClub.Web.Tests.Hosting;

/// <summary>
/// <c>ConnectionStrings:FanClubRead</c>: the tier list behind the public home page comes from the
/// replica, while signing in (and anything else that grants access) stays on the primary. The
/// "replica" here is a second database holding different rows, so the test sees which one answered.
/// </summary>
public sealed class ReadReplicaTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task The_home_page_reads_tiers_from_the_replica_and_log_in_reads_the_primary()
    {
        await using var replica = await TestDatabase.CreateAsync("replica");
        await AddTierAsync(replica, "Replica Gold");
        await AddTierAsync(Database, "Primary Gold");
        var email = await Accounts.ConfirmedMemberAsync();

        await using var host = new FanClubWebFactory(Database);
        host.Settings[$"ConnectionStrings:{DataServiceCollectionExtensions.ReadConnectionName}"] = replica.ConnectionString;
        var client = new FormClient(host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var home = await client.GetStringAsync("/?nocache=" + Guid.NewGuid());
        Assert.Contains("Replica Gold", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Primary Gold", home, StringComparison.Ordinal);

        // The member exists on the primary only.
        using var login = await AccountSteps.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.True(AccountSteps.SetsCookie(login, AccountSteps.AuthCookie));
    }

    private static async Task AddTierAsync(TestDatabase database, string name)
    {
        await using var db = database.CreateContext();
        db.Tiers.Add(Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText(name, name), new LocalizedText(name, name),
            new Money(1299, "EUR"), new Money(12990, "EUR"), 0, 0, [EntitlementKey.Parse("stream:live")]).Value);
        await db.SaveChangesAsync();
    }
}
