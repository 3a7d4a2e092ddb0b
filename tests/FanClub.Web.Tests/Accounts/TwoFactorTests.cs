using System.Net;
using FanClub.Testing;

namespace FanClub.Web.Tests.Accounts;

public sealed class TwoFactorTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task With_an_authenticator_log_in_asks_for_a_code_and_the_right_one_signs_in()
    {
        var (client, email, key, codes) = await Accounts.AwaitingSecondFactorAsync();
        Assert.Equal(10, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.True((await Accounts.UserAsync(email)).TwoFactorEnabled);

        // The password alone does not open the account pages.
        using (var before = await client.Http.GetAsync(new Uri("/account/manage", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        }

        using var wrong = await client.SubmitAsync("/account/login-with2fa", new Dictionary<string, string> { ["Input.Code"] = WrongCode(key) });
        Assert.Equal([Accounts.Text("TwoFactor.WrongCode")], Html.Errors(await wrong.Content.ReadAsStringAsync()));

        using var right = await client.SubmitAsync("/account/login-with2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.True(AccountSteps.SetsCookie(right, AccountSteps.AuthCookie));
        using var account = await client.Http.GetAsync(new Uri("/account/manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (client, email, _, codes) = await Accounts.AwaitingSecondFactorAsync();
        var code = codes[3];

        using (var used = await client.SubmitAsync("/account/login-with-recovery-code", new Dictionary<string, string> { ["Input.RecoveryCode"] = code }))
        {
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
            Assert.True(AccountSteps.SetsCookie(used, AccountSteps.AuthCookie));
        }

        var status = await client.GetStringAsync("/account/manage/two-factor");
        Assert.Contains(Accounts.Text("TwoFactor.CodesLeft", 9), Html.Decode(status), StringComparison.Ordinal);

        await AccountSteps.LogOutAsync(client);
        using (var login = await AccountSteps.LogInAsync(client, email))
        {
            Assert.StartsWith("/account/login-with2fa", login.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using var again = await client.SubmitAsync("/account/login-with-recovery-code", new Dictionary<string, string> { ["Input.RecoveryCode"] = code });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(AccountSteps.SetsCookie(again, AccountSteps.AuthCookie));
        Assert.Equal([Accounts.Text("TwoFactor.WrongRecoveryCode")], Html.Errors(await again.Content.ReadAsStringAsync()));
    }

    /// <summary>A well-formed code that matches none of the windows Identity accepts (now, and two steps either side).</summary>
    private static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var accepted = Enumerable.Range(-2, 5).Select(step => Totp.Code(key, now.AddSeconds(30 * step))).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !accepted.Contains(c));
    }
}
