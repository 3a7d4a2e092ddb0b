using System.Net;
using System.Text.RegularExpressions;

namespace FanClub.Web.Tests;

/// <summary>Reads what a member would see on a page: error messages, marked-up values, the main content.</summary>
public static partial class Html
{
    /// <summary>Messages shown next to fields (<c>span.field-error</c>), keyed by field name.</summary>
    public static IReadOnlyDictionary<string, string> FieldErrors(string html) =>
        FieldError().Matches(html).ToDictionary(m => m.Groups["field"].Value, m => WebUtility.HtmlDecode(m.Groups["message"].Value).Trim());

    /// <summary>Messages in the form's error summary (<c>div.form-errors</c>), empty when it has none.</summary>
    public static IReadOnlyList<string> FormErrors(string html)
    {
        var summary = FormErrorSummary().Match(html);
        return summary.Success
            ? [.. ListItem().Matches(summary.Groups["body"].Value).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value).Trim()).Where(t => t.Length > 0)]
            : [];
    }

    /// <summary>Every error message on the page, field and form alike.</summary>
    public static IReadOnlyList<string> Errors(string html) => [.. FieldErrors(html).Values, .. FormErrors(html)];

    /// <summary>The text inside the element carrying <c>data-testid</c>, tags removed.</summary>
    public static string TestId(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>(?<body>.*?)</", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"No data-testid=\"{testId}\" on the page.");
        return WebUtility.HtmlDecode(match.Groups["body"].Value).Trim();
    }

    /// <summary>The page's main content as text, so two answers can be compared word for word.</summary>
    public static string MainText(string html)
    {
        var main = MainElement().Match(html);
        Assert.True(main.Success, "The page has no <main> element.");
        return Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(main.Groups["body"].Value, " ")), " ").Trim();
    }

    /// <summary>The page text with entities decoded, for plain <c>Contains</c> checks.</summary>
    public static string Decode(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("<span id=\"[^\"]*\" class=\"field-error\" data-valmsg-for=\"(?<field>[^\"]+)\">(?<message>.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex FieldError();

    [GeneratedRegex("<div class=\"form-errors validation-summary-errors\"[^>]*>(?<body>.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex FormErrorSummary();

    [GeneratedRegex("<li[^>]*>(?<text>.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItem();

    [GeneratedRegex("<main[^>]*>(?<body>.*?)</main>", RegexOptions.Singleline)]
    private static partial Regex MainElement();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
