using System.Net;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.Tests.Accounts;

namespace FanClub.Web.Tests.Admin;

/// <summary>Who reaches the console: admins signed in with a second factor, recently enough, and nobody else.</summary>
public sealed class AdminAccessTests(WebAppFixture fixture) : WebTest(fixture)
{
    private AdminSteps Steps => new(Factory);

    [Fact]
    public async Task An_admin_signed_in_with_two_factor_sees_the_console_and_its_navigation()
    {
        var admin = await Steps.AdminAsync();

        using var response = await admin.Client.Http.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var nav = Html.Decode(await response.Content.ReadAsStringAsync());
        foreach (var href in new[] { "/admin/members", "/admin/tiers", "/admin/partners", "/admin", "/admin/reconciliation" })
        {
            Assert.Contains($"href=\"{href}\"", nav, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_log_in_and_members_are_refused()
    {
        using var anonymous = await Steps.NewClient().Http.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location?.AbsolutePath, StringComparison.Ordinal);

        var member = await Steps.MemberAsync();
        using var refused = await member.Client.Http.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
        using var page = await member.Client.Http.GetAsync(refused.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task An_admin_without_an_authenticator_is_told_to_set_one_up_not_shown_a_bare_403()
    {
        var (_, email, _) = await Steps.CreateAsync(Roles.Admin, withAuthenticator: false);
        var client = await Steps.SignInAsync(email, null);

        using var response = await client.Http.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/two-factor-required?returnUrl=%2Fadmin", response.Headers.Location?.OriginalString);
        var page = Html.Decode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains(Accounts.Text("TwoFactorRequired.Title"), page, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/manage/enable-authenticator\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_whose_session_skipped_the_second_factor_can_enter_a_code_and_carry_on()
    {
        // A browser remembered by "remember this machine" signs in with the password alone.
        var (_, email, key) = await Steps.CreateAsync(Roles.Admin, withAuthenticator: true);
        var client = Steps.NewClient();
        using (var login = await AccountSteps.LogInAsync(client, email))
        {
            using var second = await client.SubmitAsync(login.Headers.Location!.OriginalString, new Dictionary<string, string>
            {
                ["Input.Code"] = Totp.Code(key!, DateTimeOffset.UtcNow),
                ["Input.RememberMachine"] = "true",
            });
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        await AccountSteps.LogOutAsync(client);
        using (var again = await AccountSteps.LogInAsync(client, email))
        {
            Assert.True(AccountSteps.SetsCookie(again, AccountSteps.AuthCookie), "The remembered browser should skip the code.");
        }

        using var refused = await client.Http.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal("/account/two-factor-required?returnUrl=%2Fadmin", refused.Headers.Location?.OriginalString);

        using var upgraded = await client.SubmitAsync("/account/two-factor-required?returnUrl=%2Fadmin",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key!, DateTimeOffset.UtcNow), ["ReturnUrl"] = "/admin" });
        Assert.Equal(HttpStatusCode.Redirect, upgraded.StatusCode);
        Assert.Equal("/admin", upgraded.Headers.Location?.OriginalString);
        using var console = await client.Http.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
    }

    [Fact]
    public async Task The_two_factor_session_survives_the_security_stamp_check_and_ends_after_two_hours()
    {
        var admin = await Steps.AdminAsync();

        // Past the one-minute security-stamp check, which rebuilds the principal from the database.
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        using (var later = await admin.Client.Http.GetAsync(new Uri("/admin", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        Factory.Clock.Advance(TimeSpan.FromMinutes(80));
        using (var stillIn = await admin.Client.Http.GetAsync(new Uri("/admin", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        Factory.Clock.Advance(TimeSpan.FromMinutes(40));
        using var expired = await admin.Client.Http.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/account/login", expired.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_sessions_keep_their_fourteen_days()
    {
        var member = await Steps.MemberAsync();

        Factory.Clock.Advance(TimeSpan.FromHours(5));

        using var response = await member.Client.Http.GetAsync(new Uri("/members", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
