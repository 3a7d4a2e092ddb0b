using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>The sign-up form works from the keyboard and speaks to screen readers.</summary>
public sealed class RegisterPageAccessibilityTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    /// <summary>The fields that must be filled in; the confirmation of an empty password is not an error of its own.</summary>
    private static readonly string[] RequiredFields = ["Display name", "E-mail address", "Password"];

    protected override string Name => "register-accessibility";

    [Fact]
    public async Task Register_form_is_reachable_by_keyboard_labelled_and_flags_empty_fields()
    {
        await StepAsync("register", () => Page.GotoAsync("/account/register"));

        await StepAsync("keyboard", async () =>
        {
            var reached = new List<string>();
            // Enough presses for the header, the form and the footer; stop once the submit button is reached.
            for (var i = 0; i < 25 && !reached.Contains("button:submit"); i++)
            {
                await Page.Keyboard.PressAsync("Tab");
                reached.Add(await Page.EvaluateAsync<string>(
                    "() => { const e = document.activeElement; return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.type === 'submit' ? ':submit' : ''); }"));
            }

            Output.WriteLine("Tab order: " + string.Join(" -> ", reached));
            Assert.Contains("input#Input_Email", reached);
            Assert.Contains(reached, r => r.StartsWith("button", StringComparison.Ordinal) && r.EndsWith(":submit", StringComparison.Ordinal));
            // The e-mail field comes before the submit button in the tab order.
            Assert.True(reached.IndexOf("input#Input_Email") < reached.FindIndex(r => r.EndsWith(":submit", StringComparison.Ordinal)));
        });

        await StepAsync("labels", async () =>
        {
            var unlabelled = await Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main input:not([type=hidden])')]
                    .filter(i => !i.id || !document.querySelector(`label[for="${CSS.escape(i.id)}"]`))
                    .map(i => i.name || i.outerHTML)
                """);
            Assert.Empty(unlabelled);
            Assert.Equal(4, await Page.Locator("main input:not([type=hidden])").CountAsync());
        });

        await StepAsync("empty-submit", async () =>
        {
            await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Expect(Page.Locator("[aria-invalid=true]").First).ToBeVisibleAsync();
            foreach (var label in RequiredFields)
            {
                var field = Page.GetByLabel(label, new() { Exact = true });
                await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
                // The error is tied to the field, so a screen reader reads it with the field.
                var describedBy = await field.GetAttributeAsync("aria-describedby");
                Assert.False(string.IsNullOrEmpty(describedBy), $"{label} has no aria-describedby");
                await Expect(Page.Locator($"#{describedBy}")).Not.ToBeEmptyAsync();
            }

            await Expect(Page.GetByText("Enter your e-mail address.")).ToBeVisibleAsync();
        });

        AssertBrowserHadNoProblems();
    }
}
