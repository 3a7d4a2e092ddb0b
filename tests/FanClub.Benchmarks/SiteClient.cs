using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FanClub.Web.Benchmarking;

namespace FanClub.Benchmarks;

/// <summary>Talks to the site under test like a browser would, without a cookie jar: the site runs as Production, so its cookies are Secure and a jar would drop them over http.</summary>
internal sealed partial class SiteClient(Uri site) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { { "X-Forwarded-Proto", "https" } } };

    public Uri Site => site;

    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The site at {site} was not ready within {timeout}.");
            }

            await Task.Delay(500, ct);
        }
    }

    public async Task<BenchStats> StatsAsync(CancellationToken ct) =>
        await _http.GetFromJsonAsync<BenchStats>(new Uri("/bench/stats", UriKind.Relative), ct) ?? throw new InvalidOperationException("No stats.");

    public Task<string> GetStringAsync(string path, CancellationToken ct) => _http.GetStringAsync(new Uri(path, UriKind.Relative), ct);

    /// <summary>The log-in form's anti-forgery pair: the cookie and the token that goes with it.</summary>
    public async Task<(string Cookie, string Token)> LoginFormAsync(CancellationToken ct)
    {
        using var page = await _http.GetAsync(new Uri("/account/login", UriKind.Relative), ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("No anti-forgery token on /account/login.");
        }

        return (string.Join("; ", Cookies(page, "fanclub.af")), WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    public async Task<HttpResponseMessage> PostLoginAsync(string cookie, string token, string email, string password, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", cookie);
        return await _http.SendAsync(request, ct);
    }

    /// <summary>Signs a member in through the real form; returns the Cookie header value of the session.</summary>
    public async Task<string> SignInAsync(string email, string password, CancellationToken ct)
    {
        var (cookie, token) = await LoginFormAsync(ct);
        using var response = await PostLoginAsync(cookie, token, email, password, ct);
        var session = Cookies(response, "fanclub.auth").ToList();
        if (response.StatusCode != HttpStatusCode.Redirect || session.Count == 0)
        {
            throw new InvalidOperationException($"Signing {email} in failed: {(int)response.StatusCode}.");
        }

        return string.Join("; ", session);
    }

    public async Task<string> PostAsync(string path, HttpContent content, string? cookie, string? bearer, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (bearer is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + bearer);
        }

        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => await _http.SendAsync(request, ct);

    public void Dispose() => _http.Dispose();

    /// <summary>"name=value" for each Set-Cookie whose name starts with <paramref name="prefix"/> (chunked cookies included).</summary>
    private static IEnumerable<string> Cookies(HttpResponseMessage response, string prefix) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(prefix, StringComparison.Ordinal)).Select(v => v[..v.IndexOf(';', StringComparison.Ordinal)])
            : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
