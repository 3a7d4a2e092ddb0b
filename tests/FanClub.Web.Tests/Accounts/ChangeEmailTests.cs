using System.Net;

namespace FanClub.Web.Tests.Accounts;

public sealed class ChangeEmailTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task The_link_goes_to_the_new_address_and_after_it_only_the_new_address_logs_in()
    {
        var oldEmail = await Accounts.ConfirmedMemberAsync();
        var newEmail = AccountSteps.NewEmail("moved");
        var client = await Accounts.SignedInAsync(oldEmail);

        var mail = await Accounts.SingleMailDuringAsync(newEmail, async () =>
        {
            using var asked = await client.SubmitAsync("/account/manage/email", new Dictionary<string, string> { ["Input.Email"] = newEmail });
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        });
        Assert.Equal(Accounts.Text("Email.Change.Subject"), mail.Subject);
        // Nothing changes until the new address proves it receives mail.
        Assert.Equal(oldEmail, (await Accounts.UserAsync(oldEmail)).Email);

        var confirmed = Html.Decode(await client.GetStringAsync(AccountSteps.LinkIn(mail)));
        Assert.Contains(Accounts.Text("ChangeEmail.Done"), confirmed, StringComparison.Ordinal);
        var user = await Accounts.UserAsync(newEmail);
        Assert.Equal(newEmail, user.UserName);
        Assert.Null(await Accounts.FindUserAsync(oldEmail));

        await AccountSteps.LogOutAsync(client);
        using (var withOld = await AccountSteps.LogInAsync(Accounts.NewClient(), oldEmail))
        {
            Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
            Assert.Equal([Accounts.Text("Login.Failed")], Html.Errors(await withOld.Content.ReadAsStringAsync()));
        }

        var withNew = await Accounts.SignedInAsync(newEmail);
        Assert.Equal(newEmail, Html.TestId(await withNew.GetStringAsync("/account/manage"), "account-email"));
    }
}
