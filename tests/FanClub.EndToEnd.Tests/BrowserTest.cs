using Microsoft.Playwright;
using Xunit.Abstractions;

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
