using System.Net;

namespace FanClub.Web.Tests.Accounts;

/// <summary>The forms must not tell a stranger which addresses have an account.</summary>
public sealed class EnumerationTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Log_in_with_an_unknown_address_reads_like_a_wrong_password()
    {
        var email = await Accounts.ConfirmedMemberAsync();

        using var wrongPassword = await AccountSteps.LogInAsync(Accounts.NewClient(), email, "not the password at all");
        using var unknownAddress = await AccountSteps.LogInAsync(Accounts.NewClient(), AccountSteps.NewEmail("nobody"), "not the password at all");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownAddress.StatusCode);
        var wrongPasswordErrors = Html.Errors(await wrongPassword.Content.ReadAsStringAsync());
        Assert.Equal([Accounts.Text("Login.Failed")], wrongPasswordErrors);
        Assert.Equal(wrongPasswordErrors, Html.Errors(await unknownAddress.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Forgot_password_reads_the_same_for_a_known_and_an_unknown_address()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var nobody = AccountSteps.NewEmail("nobody");

        var known = string.Empty;
        var mails = await Accounts.MailsDuringAsync(async () =>
        {
            using var response = await Accounts.NewClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            known = Html.MainText(await response.Content.ReadAsStringAsync());
        });
        using var unknown = await Accounts.NewClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = nobody });

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains(Accounts.Text("Forgot.Sent"), known, StringComparison.Ordinal);
        Assert.Equal(known, Html.MainText(await unknown.Content.ReadAsStringAsync()));
        // Only the real owner gets mail; the stranger learns nothing from the page.
        Assert.Equal([email], mails.Select(m => m.To));
    }
}
