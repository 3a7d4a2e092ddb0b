using System.Net;
using FanClub.Web.Accounts;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tests.Accounts;

public sealed class RegistrationTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Register_then_confirm_then_log_in_and_see_the_address_on_the_account_page()
    {
        var email = AccountSteps.NewEmail("new");
        var client = Accounts.NewClient();

        var mail = await Accounts.SingleMailDuringAsync(email, async () =>
        {
            using var registered = await AccountSteps.RegisterAsync(client, email, displayName: "Camille");
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
            Assert.Equal("/account/register-confirmation", registered.Headers.Location?.OriginalString);
        });
        Assert.Equal(Accounts.Text("Email.Confirm.Subject"), mail.Subject);

        // Not confirmed yet: the right password does not open the account.
        using (var early = await AccountSteps.LogInAsync(Accounts.NewClient(), email))
        {
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
            Assert.False(AccountSteps.SetsCookie(early, AccountSteps.AuthCookie));
        }

        var confirmed = Html.Decode(await client.GetStringAsync(AccountSteps.LinkIn(mail)));
        Assert.Contains(Accounts.Text("ConfirmEmail.Done"), confirmed, StringComparison.Ordinal);

        var member = await Accounts.SignedInAsync(email);
        using var account = await member.Http.GetAsync(new Uri("/account/manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Equal(email, Html.TestId(await account.Content.ReadAsStringAsync(), "account-email"));
    }

    [Fact]
    public async Task Registration_puts_the_new_account_in_the_member_role()
    {
        var email = await Accounts.ConfirmedMemberAsync();

        var normalized = email.ToUpperInvariant();
        await using var db = Database.CreateContext();
        var roles = await (from user in db.Users
                           join link in db.UserRoles on user.Id equals link.UserId
                           join role in db.Roles on link.RoleId equals role.Id
                           where user.NormalizedEmail == normalized
                           select role.Name).ToListAsync();
        Assert.Equal([Roles.Member], roles);
    }

    [Fact]
    public async Task Registering_a_known_address_answers_like_a_new_one_and_tells_the_owner_by_mail()
    {
        var email = await Accounts.ConfirmedMemberAsync(displayName: "Original Owner");
        var firstUser = await Accounts.UserAsync(email);
        var newcomer = AccountSteps.NewEmail("newcomer");

        HttpResponseMessage? forNew = null, forKnown = null;
        try
        {
            var newMail = await Accounts.SingleMailDuringAsync(newcomer, async () => forNew = await AccountSteps.RegisterAsync(Accounts.NewClient(), newcomer));
            var knownMail = await Accounts.SingleMailDuringAsync(email, async () =>
                forKnown = await AccountSteps.RegisterAsync(Accounts.NewClient(), email, "another password entirely", "Impostor"));

            Assert.Equal(forNew!.StatusCode, forKnown!.StatusCode);
            Assert.Equal(forNew.Headers.Location, forKnown.Headers.Location);
            Assert.Equal("/account/register-confirmation", forKnown.Headers.Location?.OriginalString);
            Assert.Equal(Accounts.Text("Email.Confirm.Subject"), newMail.Subject);
            Assert.Equal(Accounts.Text("Email.Exists.Subject"), knownMail.Subject);
        }
        finally
        {
            forNew?.Dispose();
            forKnown?.Dispose();
        }

        var normalized = email.ToUpperInvariant();
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == normalized));
        var stillTheOwner = await Accounts.UserAsync(email);
        Assert.Equal(firstUser.PasswordHash, stillTheOwner.PasswordHash);
        Assert.Equal("Original Owner", stillTheOwner.DisplayName);
    }
}
