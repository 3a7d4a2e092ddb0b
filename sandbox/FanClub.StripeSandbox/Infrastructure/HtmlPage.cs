using System.Globalization;
using System.Net;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>The frame of every hosted page (checkout, invoice, portal): plain HTML, no script, and the banner.</summary>
internal static class HtmlPage
{
    public const string Banner = "Stripe sandbox — no real money moves";

    public static IResult Render(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(
            $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}}</title>
            <link rel="icon" href="data:,">
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; }
            .banner { background: #ffd84d; padding: .5rem 1rem; font-weight: 600; }
            main { max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
            label { display: block; margin: 1rem 0 .25rem; }
            input { font-size: 1rem; padding: .4rem; width: 100%; box-sizing: border-box; }
            button { margin-top: 1rem; font-size: 1rem; padding: .5rem 1.5rem; }
            .error { color: #b00020; }
            table { border-collapse: collapse; width: 100%; }
            td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; }
            </style>
            </head>
            <body>
            <div class="banner" role="note">{{Banner}}</div>
            <main>
            <h1>{{Encode(title)}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """,
            "text/html; charset=utf-8",
            statusCode: statusCode);

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Money(long amount, string? currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount / 100m:0.00} {currency?.ToUpperInvariant()}");

    public static string Date(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Error(string? message) =>
        message is null ? "" : $"""<p class="error" role="alert">{Encode(message)}</p>""";

    public const string TestCardHint = """
        <details><summary>Test cards</summary><ul>
        <li>4242 4242 4242 4242: succeeds</li>
        <li>4000 0000 0000 0341: first payment succeeds, later charges are declined</li>
        <li>4000 0025 0000 3155: asks for authentication</li>
        <li>4000 0000 0000 0002: declined</li>
        <li>4000 0000 0000 9995: declined, insufficient funds</li>
        </ul></details>
        """;
}

/// <summary>303 See Other: after a form POST the browser follows with a GET, as Stripe's hosted pages do.</summary>
internal sealed class SeeOtherResult(string location) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
