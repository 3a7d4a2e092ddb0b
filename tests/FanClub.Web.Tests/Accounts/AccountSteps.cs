using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.Email;
using FanClub.Web.Localization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Tests.Accounts;

/// <summary>What a member does through the site (register, confirm, log in...), as reusable steps.</summary>
public sealed partial class AccountSteps(FanClubWebFactory factory, TestDatabase database)
{
    /// <summary>Long enough for the 12-character rule, with enough distinct characters.</summary>
    public const string Password = "correct horse battery staple";

    public const string AuthCookie = "fanclub.auth";

    public static string NewEmail(string tag = "member") => $"{tag}-{Guid.NewGuid():N}@example.com";

    public FormClient NewClient(bool followRedirects = false, Uri? baseAddress = null)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects };
        if (baseAddress is not null)
        {
            options.BaseAddress = baseAddress;
        }

        return new FormClient(factory.CreateClient(options));
    }

    public static Task<HttpResponseMessage> RegisterAsync(FormClient client, string email, string password = Password, string displayName = "Test Member") =>
        client.SubmitAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    public static Task<HttpResponseMessage> LogInAsync(FormClient client, string email, string password = Password) =>
        client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task LogOutAsync(FormClient client)
    {
        using var response = await client.SubmitAsync("/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>The mails that <paramref name="action"/> caused (the outbox outlives database resets).</summary>
    public async Task<IReadOnlyList<StoredEmail>> MailsDuringAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = factory.Outbox.List().Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        await action();
        return [.. factory.Outbox.List().Where(m => !before.Contains(m.Id))];
    }

    /// <summary>The one mail <paramref name="action"/> sent, checked to be addressed to <paramref name="to"/>.</summary>
    public async Task<StoredEmail> SingleMailDuringAsync(string to, Func<Task> action)
    {
        var mails = await MailsDuringAsync(action);
        var mail = Assert.Single(mails);
        Assert.Equal(to, mail.To);
        return mail;
    }

    /// <summary>The site link in a mail, as a path and query the test client can follow.</summary>
    public static string LinkIn(StoredEmail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var link = Link().Match(mail.TextBody);
        Assert.True(link.Success, $"No link in the mail '{mail.Subject}':\n{mail.TextBody}");
        return new Uri(link.Value).PathAndQuery;
    }

    /// <summary>Registers through the form and follows the confirmation link: an account that can log in.</summary>
    public async Task<string> ConfirmedMemberAsync(string? email = null, string password = Password, string displayName = "Test Member")
    {
        email ??= NewEmail();
        var client = NewClient();
        var mail = await SingleMailDuringAsync(email, async () =>
        {
            using var registered = await RegisterAsync(client, email, password, displayName);
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        });
        var confirmation = Html.Decode(await client.GetStringAsync(LinkIn(mail)));
        Assert.Contains(Text("ConfirmEmail.Done"), confirmation, StringComparison.Ordinal);
        return email;
    }

    /// <summary>A client with a signed-in session for <paramref name="email"/>.</summary>
    public async Task<FormClient> SignedInAsync(string email, string password = Password)
    {
        var client = NewClient();
        using var response = await LogInAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Log-in failed ({(int)response.StatusCode}): {string.Join(" | ", Html.Errors(await response.Content.ReadAsStringAsync()))}");
        Assert.True(SetsCookie(response, AuthCookie), "Log-in did not issue the auth cookie.");
        return client;
    }

    /// <summary>
    /// Pairs an authenticator the way a phone app does: reads the key off the page and answers with
    /// the current code. Identity checks codes against the system clock (its RFC 6238 service reads
    /// <c>DateTimeOffset.UtcNow</c>, not <c>TimeProvider</c>), as the member's phone would.
    /// </summary>
    /// <returns>The shared key and the recovery codes shown once.</returns>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableAuthenticatorAsync(FormClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var key = Html.TestId(await client.GetStringAsync("/account/manage/enable-authenticator"), "shared-key");
        using var enabled = await client.SubmitAsync("/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Equal("/account/manage/recovery-codes", enabled.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync("/account/manage/recovery-codes");
        var list = RecoveryCodeList().Match(page);
        Assert.True(list.Success, "No recovery codes on the page.");
        return (key, [.. RecoveryCode().Matches(list.Value).Select(m => m.Groups[1].Value)]);
    }

    /// <summary>A member with an authenticator, logged out and back in: the session waits for the second factor.</summary>
    public async Task<(FormClient Client, string Email, string Key, IReadOnlyList<string> RecoveryCodes)> AwaitingSecondFactorAsync()
    {
        var email = await ConfirmedMemberAsync();
        var client = await SignedInAsync(email);
        var (key, codes) = await EnableAuthenticatorAsync(client);
        await LogOutAsync(client);
        using var login = await LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/account/login-with2fa", login.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(SetsCookie(login, AuthCookie), "The password alone signed in a member with two-factor on.");
        return (client, email, key, codes);
    }

    public async Task<FanClubUser?> FindUserAsync(string email)
    {
        await using var db = database.CreateContext();
        var normalized = email.ToUpperInvariant();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized);
    }

    public async Task<FanClubUser> UserAsync(string email) =>
        await FindUserAsync(email) ?? throw new InvalidOperationException($"No account for {email}.");

    /// <summary>A text of the site in English, as the pages show it to a visitor with no language preference.</summary>
    public string Text(string key, params object[] arguments)
    {
        var localizer = factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var text = localizer[key, arguments];
            Assert.False(text.ResourceNotFound, $"No resource '{key}'.");
            return text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public static bool SetsCookie(HttpResponseMessage response, string name) =>
        SetCookieHeader(response, name) is { } header && !header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Set-Cookie header for <paramref name="name"/>, or null.</summary>
    public static string? SetCookieHeader(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;
    }

    [GeneratedRegex("data-testid=\"recovery-codes\".*?</ul>", RegexOptions.Singleline)]
    private static partial Regex RecoveryCodeList();

    [GeneratedRegex("<code>([^<]+)</code>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
