using System.Net;
using System.Text.RegularExpressions;

namespace FanClub.Testing;

/// <summary>
/// Drives Razor Pages forms the way a browser does: GET the page, keep the cookies, send back the
/// anti-forgery token with the fields.
/// </summary>
public sealed partial class FormClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<string> GetStringAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs <paramref name="pageUrl"/>, then posts <paramref name="fields"/> to the form (or to <paramref name="postUrl"/>).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, IDictionary<string, string> fields, string? postUrl = null, string? handler = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var page = await GetStringAsync(pageUrl);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No anti-forgery token on {pageUrl}:\n{page[..Math.Min(page.Length, 2000)]}");
        }

        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        var target = postUrl ?? pageUrl;
        if (handler is not null)
        {
            target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
        }

        using var content = new FormUrlEncodedContent(form);
        return await Http.PostAsync(new Uri(target, UriKind.Relative), content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
