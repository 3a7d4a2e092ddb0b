using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// A new fan, start to finish, in a real browser: sign up, confirm by mail, log in, see the account
/// and the members area, then switch the site to French.
/// </summary>
public sealed class RegistrationJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Password = "correct horse battery staple";

    protected override string Name => "registration-journey";

    [Fact]
    public async Task A_new_fan_registers_confirms_by_mail_logs_in_and_reads_the_account_in_french()
    {
        var email = $"fan-{Guid.NewGuid():N}@example.com";
        const string DisplayName = "Alex Fan";
        var main = Page.Locator("main");

        await StepAsync("home", async () =>
        {
            await Page.GotoAsync("/");
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            // The stylesheet really applied (a CSP or static-file mistake shows as an unstyled page).
            var background = await Page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");
            Assert.Equal("rgb(251, 250, 255)", background);
        });

        await SignUpAndLogInAsync(DisplayName, email, Password);

        await StepAsync("account", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "My account" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/manage"));
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My account");
            await Expect(Page.GetByTestId("account-email")).ToHaveTextAsync(email);
        });

        await StepAsync("members", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Members area" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/members"));
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Welcome, {DisplayName}");
        });

        await StepAsync("account-french", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "My account" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/manage"));
            await Page.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
            // The switch goes back to the page it was clicked on, now in French.
            await Expect(Page).ToHaveURLAsync(PathIs("/account/manage"));
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");
            await Expect(main.GetByText("Adresse e-mail", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(Page.GetByTestId("account-email")).ToHaveTextAsync(email);
        });

        await StepAsync("members-french", async () =>
        {
            await Page.GotoAsync("/members");
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Bienvenue, {DisplayName}");
        });

        AssertBrowserHadNoProblems();
    }
}
