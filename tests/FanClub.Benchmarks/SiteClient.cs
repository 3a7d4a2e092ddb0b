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

    /// <summary>
    /// Warm-up in rounds: a round of load, then <see cref="SettleJitAsync"/>, until a round leaves under
    /// 100 ms of compilation, at most <paramref name="maxRounds"/>. One round is not enough: tiered
    /// compilation starts counting calls only once no new method has been compiled for 100 ms, which a
    /// first round of a new path keeps postponing, so its promotions to the optimising tier would
    /// otherwise all happen in the measured run (2.4 to 3.8 s of compilation in the webhook runs).
    /// </summary>
    public async Task WarmUpAsync(Func<int, Task> round, int maxRounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(round);
        for (var i = 0; i < maxRounds; i++)
        {
            var before = (await StatsAsync(ct)).JitMilliseconds;
            await round(i);
            await SettleJitAsync(ct);
            if ((await StatsAsync(ct)).JitMilliseconds - before < 100)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits, with no load, until the site's JIT has stopped compiling (under 5 ms of compilation in half a
    /// second, twice running), at most 20 s. A load the site has just met leaves a queue of methods for
    /// tiered compilation's optimising tier, compiled in the background; measured then, a scenario would
    /// share the two cores with that compiler (up to 40% of the site's CPU in a webhook profile) and
    /// report a warm-up, not the steady state a launch night runs in.
    /// </summary>
    public async Task SettleJitAsync(CancellationToken ct)
    {
        var last = (await StatsAsync(ct)).JitMilliseconds;
        for (var (quiet, waited) = (0, 0); quiet < 2 && waited < 40; waited++)
        {
            await Task.Delay(500, ct);
            var now = (await StatsAsync(ct)).JitMilliseconds;
            quiet = now - last < 5 ? quiet + 1 : 0;
            last = now;
        }
    }

    /// <summary>"GET path: Cache-Control ..., Content-Encoding ..., Vary ...": what a CDN and a browser are told.</summary>
    public async Task<string> HeadersAsync(string path, string header, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
        using var response = await _http.SendAsync(request, ct);
        string Of(string name) => response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(", ", v) : "-";
        return $"`GET {path}` ({header}): {(int)response.StatusCode}, Cache-Control `{Of("Cache-Control")}`, Content-Encoding `{Of("Content-Encoding")}`, Vary `{Of("Vary")}`";
    }

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

    public async Task<HttpResponseMessage> PostLoginAsync(string cookie, string token, string email, string password, CancellationToken ct, string? clientAddress = null)
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
        if (clientAddress is not null)
        {
            // As the TLS proxy in front of the site would say it (the site trusts a proxy on loopback).
            request.Headers.Add("X-Forwarded-For", clientAddress);
        }

        return await _http.SendAsync(request, ct);
    }

    /// <summary>
    /// Signs a member in through the real form, from <paramref name="clientAddress"/> when given;
    /// returns the Cookie header value of the session.
    /// </summary>
    public async Task<string> SignInAsync(string email, string password, CancellationToken ct, string? clientAddress = null)
    {
        var (cookie, token) = await LoginFormAsync(ct);
        using var response = await PostLoginAsync(cookie, token, email, password, ct, clientAddress);
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
