using System.Net;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// A password change ends the member's other sessions at their next security-stamp check. Identity's
/// SecurityStampValidator and the cookie handler both take the DI TimeProvider (checked for .NET 10),
/// so moving the site's clock past the one-minute interval is the real trigger, with no waiting.
/// </summary>
public sealed class SecurityStampTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Changing_the_password_in_one_session_ends_the_other_within_a_minute()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var here = await Accounts.SignedInAsync(email);
        var elsewhere = await Accounts.SignedInAsync(email);

        using (var changed = await here.SubmitAsync("/account/manage/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountSteps.Password,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        // Inside the interval the other cookie is not re-checked yet: the clock is what ends it.
        Assert.Equal(HttpStatusCode.OK, await StatusOfAccountPageAsync(elsewhere));

        Factory.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Redirect, await StatusOfAccountPageAsync(elsewhere));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAccountPageAsync(here));
    }

    [Fact]
    public async Task A_ban_ends_the_members_sessions_within_a_minute_and_lifting_it_lets_them_sign_in_again()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var session = await Accounts.SignedInAsync(email);
        var member = await Accounts.UserAsync(email);
        var ban = Domain.Entitlements.Ban.Impose(Guid.NewGuid(), member.Id, "Shared the login with a hundred friends", Guid.NewGuid(), Factory.Clock.GetUtcNow());
        await using (var db = Database.CreateContext())
        {
            db.Bans.Add(ban);
            await db.SaveChangesAsync();
        }

        Factory.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Redirect, await StatusOfAccountPageAsync(session));
        await using (var db = Database.CreateContext())
        {
            db.Bans.Attach(ban).Entity.Lift(Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var again = await Accounts.SignedInAsync(email);
        Factory.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAccountPageAsync(again));
    }

    private static async Task<HttpStatusCode> StatusOfAccountPageAsync(Testing.FormClient client)
    {
        using var response = await client.Http.GetAsync(new Uri("/account/manage", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("http://localhost/account/login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        return response.StatusCode;
    }
}
