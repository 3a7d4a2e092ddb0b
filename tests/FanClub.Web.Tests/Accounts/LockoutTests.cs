using System.Net;

namespace FanClub.Web.Tests.Accounts;

public sealed class LockoutTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_and_the_right_one_then_fails_alike()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var wrongAnswer = string.Empty;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await AccountSteps.LogInAsync(Accounts.NewClient(), email, $"wrong password number {attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            wrongAnswer = string.Join(" | ", Html.Errors(await wrong.Content.ReadAsStringAsync()));
        }

        // Identity's UserManager stamps lockouts with the system clock, not TimeProvider.
        var lockedAt = DateTimeOffset.UtcNow;
        var user = await Accounts.UserAsync(email);
        Assert.NotNull(user.LockoutEnd);
        Assert.InRange(user.LockoutEnd.Value, lockedAt.AddMinutes(14), lockedAt.AddMinutes(15).AddSeconds(5));

        using var right = await AccountSteps.LogInAsync(Accounts.NewClient(), email);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.False(AccountSteps.SetsCookie(right, AccountSteps.AuthCookie), "A locked account signed in.");
        Assert.Equal(Accounts.Text("Login.Failed"), wrongAnswer);
        Assert.Equal(wrongAnswer, string.Join(" | ", Html.Errors(await right.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_the_account()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await AccountSteps.LogInAsync(Accounts.NewClient(), email, $"wrong password number {attempt}");
        }

        using var client = (await Accounts.SignedInAsync(email)).Http;
        Assert.Null((await Accounts.UserAsync(email)).LockoutEnd);
    }
}
