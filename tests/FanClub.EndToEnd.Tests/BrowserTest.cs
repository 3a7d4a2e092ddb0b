using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// One browser tab per test, with a screenshot after every step (and of the failing step), and a
/// record of what the browser itself complained about: console errors such as CSP violations,
/// script errors and failed requests, and pages wider than the window, which a page can suffer
/// while still "passing".
/// </summary>
[Collection(BrowserTestGroup.Name)]
public abstract class BrowserTest(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<string> _browserProblems = [];
    private IBrowserContext? _context;
    private IPage? _page;
    private int _step;

    protected BrowserFixture Fixture { get; } = fixture;

    protected ITestOutputHelper Output { get; } = output;

    protected IPage Page => _page ?? throw new InvalidOperationException("Test not started.");

    /// <summary>Where this test's PNGs go: FANCLUB_SCREENSHOTS, else screenshots/ beside the test assembly.</summary>
    protected string ScreenshotFolder { get; private set; } = string.Empty;

    /// <summary>Names the screenshot folder; one per test class is enough.</summary>
    protected abstract string Name { get; }

    public async Task InitializeAsync()
    {
        var root = Environment.GetEnvironmentVariable("FANCLUB_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        ScreenshotFolder = Path.Combine(root, Name);
        if (Directory.Exists(ScreenshotFolder))
        {
            Directory.Delete(ScreenshotFolder, recursive: true);
        }

        Directory.CreateDirectory(ScreenshotFolder);
        Output.WriteLine($"Screenshots: {ScreenshotFolder}");

        _context = await Fixture.NewContextAsync();
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _browserProblems.Add($"console error on {_page.Url}: {message.Text} [{message.Location}]");
            }
        };
        _page.PageError += (_, error) => _browserProblems.Add($"script error on {_page.Url}: {error}");
        _page.RequestFailed += (_, request) => _browserProblems.Add($"request failed: {request.Url} ({request.Failure})");
        _page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _browserProblems.Add($"HTTP {response.Status} for {response.Url}");
            }
        };
    }

    /// <summary>Runs one step of the journey and photographs the page after it, or as it failed.</summary>
    protected async Task StepAsync(string name, Func<Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var number = ++_step;
        try
        {
            await step();
        }
        catch
        {
            await ScreenshotAsync($"{number:00}-{name}-FAILED");
            Output.WriteLine($"Step {number} '{name}' failed at {Page.Url}");
            // What the browser said often explains the failure (a CSP refusal shows only here).
            foreach (var problem in _browserProblems)
            {
                Output.WriteLine("  browser: " + problem);
            }

            throw;
        }

        await ScreenshotAsync($"{number:00}-{name}");
        // A page wider than the window (an unbreakable link, a fixed width) scrolls sideways on a phone.
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            _browserProblems.Add($"step {number} '{name}': {Page.Url} is {overflow}px wider than the window");
        }
    }

    /// <summary>
    /// A new fan, from the header's "Join the club" to being logged in: the sign-up form, the
    /// confirmation mail in the development outbox, its link, the log-in form. One step each.
    /// </summary>
    protected async Task SignUpAndLogInAsync(string displayName, string email, string password)
    {
        var main = Page.Locator("main");

        await StepAsync("register", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Join the club" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/register"));
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create your account");
        });

        await StepAsync("register-filled", async () =>
        {
            await Page.GetByLabel("Display name").FillAsync(displayName);
            await Page.GetByLabel("E-mail address").FillAsync(email);
            await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await Page.GetByLabel("Confirm password").FillAsync(password);
        });

        await StepAsync("check-inbox", async () =>
        {
            await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/register-confirmation"));
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your inbox");
        });

        await StepAsync("outbox", async () =>
        {
            await Page.GotoAsync("/dev/mail");
            // Newest first: the first row addressed to this fan is the confirmation just sent.
            var row = Page.Locator("tbody tr").Filter(new() { HasText = email }).First;
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(Page.GetByTestId("mail-to")).ToHaveTextAsync(email);
        });

        await StepAsync("confirmed", async () =>
        {
            var link = Page.GetByTestId("mail-link");
            await Expect(link).ToHaveCountAsync(1);
            await Expect(link).ToHaveAttributeAsync("href", new Regex("/account/confirm-email\\?"));
            await link.ClickAsync();
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your e-mail");
            await Expect(main.GetByRole(AriaRole.Status)).ToContainTextAsync("your e-mail address is confirmed");
        });

        await StepAsync("login", async () =>
        {
            await main.GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/account/login"));
            await Page.GetByLabel("E-mail address").FillAsync(email);
            await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        });

        await StepAsync("logged-in", async () =>
        {
            await main.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Log out" })).ToBeVisibleAsync();
        });
    }

    /// <summary>
    /// Matches a URL whose path is exactly <paramref name="path"/>, whatever the host, port or query.
    /// No RegexOptions: Playwright hands the pattern to the browser and refuses flags JavaScript lacks.
    /// </summary>
    protected static Regex PathIs(string path) =>
        new($"^https?://[^/]+{Regex.Escape(path)}(\\?.*)?$");

    /// <summary>Fails with the list if the browser reported console errors, script errors, failed loads or sideways scrolling.</summary>
    protected void AssertBrowserHadNoProblems() =>
        Assert.True(_browserProblems.Count == 0, "The browser reported problems:\n" + string.Join('\n', _browserProblems));

    private async Task ScreenshotAsync(string fileName)
    {
        var path = Path.Combine(ScreenshotFolder, fileName + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }
}
