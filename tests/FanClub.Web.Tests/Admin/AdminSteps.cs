using System.Net;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Admin;

/// <summary>An account made straight through Identity, then signed in through the real log-in pages.</summary>
public sealed record Person(Guid Id, string Email, FormClient Client, string? AuthenticatorKey);

/// <summary>Admins and members for the console's tests, signed in the way a person does it.</summary>
public sealed class AdminSteps(FanClubWebFactory factory)
{
    public FormClient NewClient() =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

    /// <summary>An account with an authenticator app, in <paramref name="role"/>, not signed in.</summary>
    public async Task<(Guid Id, string Email, string? Key)> CreateAsync(string role, bool withAuthenticator, string name = "Test Person", string? email = null)
    {
        email ??= AccountSteps.NewEmail(role.ToLowerInvariant());
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser
        {
            UserName = email,
            Email = email,
            DisplayName = name,
            EmailConfirmed = true,
            CreatedAt = factory.Clock.GetUtcNow(),
        };
        Assert.True((await users.CreateAsync(user, AccountSteps.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        string? key = null;
        if (withAuthenticator)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return (user.Id, email, key);
    }

    /// <summary>Password, then (when the account has one) the authenticator code: a two-factor session.</summary>
    public async Task<FormClient> SignInAsync(string email, string? key)
    {
        var client = NewClient();
        using var login = await AccountSteps.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        if (key is null)
        {
            Assert.True(AccountSteps.SetsCookie(login, AccountSteps.AuthCookie), "The password did not sign in.");
            return client;
        }

        var next = login.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login-with2fa", next, StringComparison.Ordinal);
        using var second = await client.SubmitAsync(next, new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.True(AccountSteps.SetsCookie(second, AccountSteps.AuthCookie), "The second factor did not sign in.");
        return client;
    }

    /// <summary>An admin signed in with password and authenticator code: the console is open to them.</summary>
    public async Task<Person> AdminAsync(string name = "Club Admin")
    {
        var (id, email, key) = await CreateAsync(Roles.Admin, withAuthenticator: true, name);
        return new Person(id, email, await SignInAsync(email, key), key);
    }

    /// <summary>A plain member signed in with their password.</summary>
    public async Task<Person> MemberAsync(string name = "Test Member", string? email = null)
    {
        var (id, created, _) = await CreateAsync(Roles.Member, withAuthenticator: false, name, email);
        return new Person(id, created, await SignInAsync(created, null), null);
    }
}
