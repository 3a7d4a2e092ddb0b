using System.Net;
using FanClub.Testing;
using FanClub.Web.Accounts;
using FanClub.Web.RateLimiting;
using FanClub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.RateLimiting;

/// <summary>
/// A bot replays a leaked list of (address, password) pairs against the log-in form, spread over
/// several addresses, with the site's real limits. Nobody gets in; the bot learns nothing about
/// which addresses have accounts, from the messages or from when it gets throttled.
/// </summary>
public sealed class CredentialStuffingTests(RateLimitFixture fixture, ITestOutputHelper output) : IClassFixture<RateLimitFixture>
{
    private const int BotAddresses = 6;
    private const int PasswordsPerAccount = 11;

    private AccountSteps Accounts => new(fixture.Factory, fixture.Database);

    [Fact]
    public async Task A_stuffing_run_signs_nobody_in_locks_the_targets_and_reveals_no_account()
    {
        var members = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            members.Add(await Accounts.ConfirmedMemberAsync());
        }

        var strangers = Enumerable.Range(0, 2).Select(_ => AccountSteps.NewEmail("stranger")).ToList();
        var guesses = File.ReadLines(RepositoryFiles.PathOf("src", "FanClub.Web", "Accounts", "CommonPasswords", "common-passwords.txt")).Take(PasswordsPerAccount).ToList();
        var network = $"10.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        var bots = Enumerable.Range(1, BotAddresses).Select(n => Client($"{network}.{n}")).ToList();

        // Round-robin over accounts and addresses, as a distributed bot does to stay under per-IP limits.
        var answers = new List<(string Email, bool Known, int Attempt, HttpStatusCode Status, string Message, bool SignedIn)>();
        var sent = 0;
        for (var attempt = 1; attempt <= PasswordsPerAccount; attempt++)
        {
            foreach (var email in members.Concat(strangers))
            {
                var bot = bots[sent++ % bots.Count];
                using var response = await AccountSteps.LogInAsync(bot, email, guesses[attempt - 1]);
                var html = await response.Content.ReadAsStringAsync();
                var message = response.StatusCode == HttpStatusCode.OK ? string.Join(" | ", Html.Errors(html)) : Html.MainText(html);
                answers.Add((email, members.Contains(email), attempt, response.StatusCode, message, AccountSteps.SetsCookie(response, AccountSteps.AuthCookie)));
            }
        }

        var limit = new RateLimitingOptions().LogIn.PerAccount.PermitLimit;
        var throttled = answers.Count(a => a.Status == HttpStatusCode.TooManyRequests);
        output.WriteLine($"{answers.Count} log-in attempts from {BotAddresses} addresses on {members.Count} accounts and {strangers.Count} unknown addresses: " +
            $"{answers.Count(a => a.SignedIn)} signed in, {throttled} answered 429, {answers.Count(a => a.Status == HttpStatusCode.OK)} refused by the form");

        Assert.DoesNotContain(answers, a => a.SignedIn);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{a.Email} #{a.Attempt}: {(int)a.Status}"));
        // Throttled at the same attempt whether or not the account exists: the limiter counts what was typed.
        Assert.All(answers, a => Assert.Equal(a.Attempt > limit ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK, a.Status));
        // One message for every refusal, known address or not, locked or not.
        Assert.Single(answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Message).Distinct(StringComparer.Ordinal));
        Assert.Single(answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).Select(a => a.Message).Distinct(StringComparer.Ordinal));

        // Five failures locked every targeted account; its owner gets back in once the lock ends.
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        foreach (var email in members)
        {
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!), $"{email} is not locked");
        }
    }

    private FormClient Client(string address)
    {
        var http = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add(RateLimitFixture.ClientAddressHeader, address);
        return new FormClient(http);
    }
}
