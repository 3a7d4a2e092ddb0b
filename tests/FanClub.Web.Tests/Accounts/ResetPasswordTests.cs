using System.Net;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// Reset links work once and for one hour. The hour is measured on the site's injected clock
/// (<see cref="FanClub.Web.Accounts.ClockedTokenProvider{TUser}"/>): Identity's own provider reads
/// the system clock, which a test cannot move, and forging a token with an old timestamp would only
/// prove what the forger wrote. So the tests ask for a real link and move the site's clock instead.
/// </summary>
public sealed class ResetPasswordTests(WebAppFixture fixture) : WebTest(fixture)
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task The_link_from_the_mail_resets_the_password_once()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var link = await RequestResetLinkAsync(email);

        var first = await SubmitNewPasswordAsync(link, email, NewPassword);
        Assert.Contains(Accounts.Text("Reset.Done"), Html.Decode(first), StringComparison.Ordinal);
        _ = await Accounts.SignedInAsync(email, NewPassword);

        var second = await SubmitNewPasswordAsync(link, email, "yet another passphrase");
        Assert.Equal([Accounts.Text("Reset.InvalidLink")], Html.Errors(second));
        _ = await Accounts.SignedInAsync(email, NewPassword);
    }

    [Fact]
    public async Task A_link_works_at_59_minutes_and_is_refused_after_an_hour()
    {
        var email = await Accounts.ConfirmedMemberAsync();

        var fresh = await RequestResetLinkAsync(email);
        Factory.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Contains(Accounts.Text("Reset.Done"), Html.Decode(await SubmitNewPasswordAsync(fresh, email, NewPassword)), StringComparison.Ordinal);

        var stale = await RequestResetLinkAsync(email);
        Factory.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([Accounts.Text("Reset.InvalidLink")], Html.Errors(await SubmitNewPasswordAsync(stale, email, "yet another passphrase")));
        _ = await Accounts.SignedInAsync(email, NewPassword);
    }

    private async Task<string> RequestResetLinkAsync(string email)
    {
        var mail = await Accounts.SingleMailDuringAsync(email, async () =>
        {
            using var response = await Accounts.NewClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        Assert.Equal(Accounts.Text("Email.Reset.Subject"), mail.Subject);
        return AccountSteps.LinkIn(mail);
    }

    /// <summary>Opens the link in a fresh browser and fills in the form the way the member would.</summary>
    private async Task<string> SubmitNewPasswordAsync(string link, string email, string password)
    {
        var client = Accounts.NewClient();
        var page = await client.GetStringAsync(link);
        var code = System.Text.RegularExpressions.Regex.Match(page, "name=\"Input.Code\" value=\"([^\"]*)\"").Groups[1].Value;
        Assert.NotEmpty(code);
        using var response = await client.SubmitAsync(link, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = System.Net.WebUtility.HtmlDecode(code),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
