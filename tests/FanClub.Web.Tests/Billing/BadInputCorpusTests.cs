using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using FanClub.Web.Streams;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// Every form and API outside the account pages (those: <see cref="Accounts.BadInputTests"/>), fed a
/// generated corpus: empty, huge, wrong types, invalid UTF-8, control characters, HTML and SQL,
/// negative and overflowing numbers, unknown ids and another member's ids. Each answer is a clear
/// refusal (4xx, or the form again with its error), never a 5xx, and nothing is stored, locally or
/// at Stripe. Runs on the billing host, where payments are on, so a wrongly accepted value would
/// reach Stripe and show.
/// </summary>
public sealed class BadInputCorpusTests(BillingFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    /// <summary>Text values: each is tried in every field.</summary>
    private static readonly (string Name, string Value)[] Corpus =
    [
        ("empty", ""), ("blank", "   "), ("10 000 characters", new string('a', 10_000)), ("control characters", "\u0001\u0007\u001b[2J"),
        ("NUL", "a\0b"), ("right-to-left override", "\u202Egnp.exe"), ("line separator", "a\u2028b"),
        ("emoji", "🎉🎉🎉"), ("HTML", "<script>alert(1)</script>"), ("HTML attribute", "\"><img src=x onerror=alert(1)>"),
        ("SQL quote", "' OR '1'='1' --"), ("SQL stacked", "1; DROP TABLE AspNetUsers; --"), ("path traversal", "../../../etc/passwd"),
        ("encoded traversal", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"), ("negative", "-1"), ("overflow", "99999999999999999999999999"),
        ("below int.MinValue", "-2147483649"), ("float overflow", "1e309"), ("NaN", "NaN"), ("format string", "{0}{1}%s%n"),
        ("unknown id", Guid.NewGuid().ToString()), ("empty guid", Guid.Empty.ToString()), ("absolute URL", "https://evil.example/steal"),
        ("protocol-relative URL", "//evil.example"), ("javascript URL", "javascript:alert(1)"),
    ];

    /// <summary>Raw bodies for JSON endpoints: broken encodings and wrong shapes.</summary>
    /// <summary>Values for a path segment: a NUL never reaches the app (Kestrel answers 400; the in-memory test client refuses to send it).</summary>
    private static IEnumerable<(string Name, string Value)> PathValues => Corpus.Where(c => c.Value.Length > 0 && !c.Value.Contains('\0', StringComparison.Ordinal));

    private static readonly (string Name, byte[] Body, string ContentType)[] Bodies =
    [
        ("invalid UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], "application/json"),
        ("not JSON", Encoding.UTF8.GetBytes("<xml>nope</xml>"), "application/json"),
        ("truncated JSON", Encoding.UTF8.GetBytes("{\"sessionId\": \"abc"), "application/json"),
        ("JSON array", Encoding.UTF8.GetBytes("[1,2,3]"), "application/json"),
        ("JSON string", Encoding.UTF8.GetBytes("\"hello\""), "application/json"),
        ("JSON null", Encoding.UTF8.GetBytes("null"), "application/json"),
        ("number for a string", Encoding.UTF8.GetBytes("{\"sessionId\": 12345678901234567890}"), "application/json"),
        ("object for a string", Encoding.UTF8.GetBytes("{\"sessionId\": {\"$gt\": \"\"}}"), "application/json"),
        ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "application/json"),
        ("empty body", [], "application/json"),
        ("wrong content type", Encoding.UTF8.GetBytes("sessionId=abcdefghijklmnopqrstuvwxyz"), "application/x-www-form-urlencoded"),
    ];

    public static TheoryData<string> Surfaces =>
    [
        "subscribe form", "billing actions", "language switch", "member tokens", "stream tokens", "partner api", "stripe webhook", "member pages",
    ];

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Every_bad_value_is_refused_clearly_and_stores_nothing(string surface)
    {
        var member = await MemberAsync();
        var other = await MemberAsync();
        var before = await SnapshotAsync();
        var cases = surface switch
        {
            "subscribe form" => SubscribeCases(member),
            "billing actions" => BillingActionCases(member, other),
            "language switch" => LanguageCases(),
            "member tokens" => MemberTokenCases(member),
            "stream tokens" => StreamTokenCases(member),
            "partner api" => await PartnerApiCases(other),
            "stripe webhook" => WebhookCases(),
            "member pages" => MemberPageCases(member),
            _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
        };

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var (name, send, acceptable) in cases)
        {
            HttpResponseMessage response;
            try
            {
                response = await send();
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                failures.Add($"{name}: the request could not be sent ({e.Message})");
                continue;
            }

            using var _ = response;
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                failures.Add($"{name}: {status} {body[..Math.Min(300, body.Length)]}");
            }
            else if (!acceptable(response, body))
            {
                failures.Add($"{name}: {status} is not a clear refusal: {body[..Math.Min(300, body.Length)]}");
            }
        }

        var after = await SnapshotAsync();
        if (after != before)
        {
            failures.Add($"stored data changed:\n  before {before}\n  after  {after}");
        }

        output.WriteLine($"{surface}: {cases.Count} bad inputs sent; answers " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}")) + $"; {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{surface}:\n" + string.Join("\n", failures));
        Assert.True(cases.Count >= PathValues.Count(), $"{surface}: only {cases.Count} cases");
    }

    // ------------------------------------------------------------ the surfaces

    private static List<Case> SubscribeCases(Member member)
    {
        var cases = new List<Case>();
        foreach (var (name, value) in Corpus)
        {
            cases.Add(new($"tier = {name}", () => member.Client.SubmitAsync("/billing/subscribe?tier=gold", Fields(("tier", value), ("Interval", "Month"))), FormError));
            cases.Add(new($"interval = {name}", () => member.Client.SubmitAsync("/billing/subscribe?tier=gold", Fields(("tier", "gold"), ("Interval", value))), FormError));
        }

        return cases;
    }

    private static List<Case> BillingActionCases(Member member, Member other)
    {
        var cases = new List<Case>();
        foreach (var (name, value) in Corpus.Append(("another member's id", other.MemberId.ToString())))
        {
            cases.Add(new($"switch tierId = {name}", () => member.Client.SubmitAsync("/billing", Fields(("tierId", value)), handler: "Switch"), FormError));
            cases.Add(new($"buy pass offerId = {name}", () => member.Client.SubmitAsync("/billing", Fields(("offerId", value)), handler: "BuyPass"), FormError));
        }

        cases.Add(new("cancel without a membership", () => member.Client.SubmitAsync("/billing", new Dictionary<string, string>(), handler: "Cancel"), FormError));
        cases.Add(new("resume without a membership", () => member.Client.SubmitAsync("/billing", new Dictionary<string, string>(), handler: "Resume"), FormError));
        cases.Add(new("portal without a customer", () => member.Client.SubmitAsync("/billing", new Dictionary<string, string>(), handler: "Portal"), FormError));
        return cases;
    }

    private List<Case> LanguageCases()
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cases = new List<Case>();
        foreach (var (name, value) in PathValues)
        {
            cases.Add(new($"culture = {name}", () => client.GetAsync(new Uri("/language/" + Uri.EscapeDataString(value), UriKind.Relative)), ClientError));
            // A return URL never leaves the site, whatever it says.
            cases.Add(new($"returnUrl = {name}", () => client.GetAsync(new Uri("/language/fr?returnUrl=" + Uri.EscapeDataString(value), UriKind.Relative)),
                (r, _) => r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && r.Headers.Location is { IsAbsoluteUri: false } l && l.OriginalString.StartsWith('/') && !l.OriginalString.StartsWith("//", StringComparison.Ordinal)));
        }

        return cases;
    }

    private static List<Case> MemberTokenCases(Member member) =>
        [.. PathValues.Select(c => new Case($"partner = {c.Name}",
            () => member.Client.Http.PostAsync(new Uri("/api/me/tokens/" + Uri.EscapeDataString(c.Value), UriKind.Relative), null), ProblemOr404))];

    private static List<Case> StreamTokenCases(Member member)
    {
        var cases = new List<Case>();
        foreach (var (name, value) in Corpus)
        {
            cases.Add(new($"sessionId = {name}", () => PostJsonAsync(member, "/api/me/streams/main-stage/token", JsonSerializer.SerializeToUtf8Bytes(new { sessionId = value })), Problem));
            if (value.Length > 0 && !value.Contains('\0', StringComparison.Ordinal))
            {
                cases.Add(new($"stream = {name}", () => PostJsonAsync(member, "/api/me/streams/" + Uri.EscapeDataString(value) + "/token",
                    JsonSerializer.SerializeToUtf8Bytes(new { sessionId = "corpus-player-000001" })), ProblemOr404));
                cases.Add(new($"end session = {name}", () => member.Client.Http.PostAsync(new Uri("/api/me/streams/sessions/" + Uri.EscapeDataString(value) + "/end", UriKind.Relative), null),
                    (r, _) => r.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound or HttpStatusCode.BadRequest));
            }
        }

        foreach (var (name, body, type) in Bodies)
        {
            cases.Add(new($"body: {name}", () => PostRawAsync(member.Client.Http, "/api/me/streams/main-stage/token", body, type), ClientError));
        }

        return cases;
    }

    private async Task<List<Case>> PartnerApiCases(Member other)
    {
        string key;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            var (partner, apiKey) = PartnerAccount.Create("corpus-" + Guid.NewGuid().ToString("N")[..6], "Corpus partner", null, AppNow);
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            key = apiKey;
        }

        var api = Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var anonymous = Factory.CreateClient();
        var cases = new List<Case>();
        foreach (var (name, value) in Corpus)
        {
            var escaped = Uri.EscapeDataString(value);
            if (value.Length > 0 && !value.Contains('\0', StringComparison.Ordinal))
            {
                cases.Add(new($"entitlements of member {name}", () => api.GetAsync(new Uri($"/api/partners/v1/members/{escaped}/entitlements", UriKind.Relative)),
                    (r, body) => ProblemOr404(r, body) || (Guid.TryParse(value, out _) && r.StatusCode == HttpStatusCode.OK && body.Contains("\"grants\":[]", StringComparison.Ordinal))));
            }

            cases.Add(new($"access key = {name}", () => api.GetAsync(new Uri($"/api/partners/v1/members/{other.MemberId}/access?key={escaped}", UriKind.Relative)), Problem));
            cases.Add(new($"access resource = {name}", () => api.GetAsync(new Uri($"/api/partners/v1/members/{other.MemberId}/access?resource={escaped}", UriKind.Relative)), Problem));
            cases.Add(new($"introspect token = {name}", () => api.PostAsync(new Uri("/api/partners/v1/introspect", UriKind.Relative), Form(("token", value))),
                (r, body) => r.StatusCode == HttpStatusCode.OK && body.Contains("\"active\":false", StringComparison.Ordinal) || ClientError(r, body)));
            cases.Add(new($"api key = {name}", () => SendWithKeyAsync(anonymous, value, $"/api/partners/v1/members/{other.MemberId}/entitlements"),
                (r, _) => r.StatusCode == HttpStatusCode.Unauthorized));
        }

        foreach (var (name, body, type) in Bodies)
        {
            cases.Add(new($"introspect body: {name}", () => PostRawAsync(api, "/api/partners/v1/introspect", body, type),
                (r, text) => r.StatusCode == HttpStatusCode.OK && text.Contains("\"active\":false", StringComparison.Ordinal) || ClientError(r, text)));
        }

        return cases;
    }

    private List<Case> WebhookCases()
    {
        var cases = new List<Case>();
        foreach (var (name, value) in Corpus)
        {
            // Correctly signed, so each reaches the event parser: only the content is wrong.
            cases.Add(new($"signed body = {name}", () => PostWebhookAsync(value, Sign(value)), Problem));
            var wrongTypes = $"{{\"id\":{JsonSerializer.Serialize(value)},\"object\":\"event\",\"type\":{JsonSerializer.Serialize(value)},\"api_version\":{JsonSerializer.Serialize(value)},\"livemode\":false,\"data\":{{\"object\":{{\"id\":{JsonSerializer.Serialize(value)},\"object\":\"subscription\"}}}}}}";
            cases.Add(new($"event fields = {name}", () => PostWebhookAsync(wrongTypes, Sign(wrongTypes)), Problem));
            cases.Add(new($"signature header = {name}", () => PostWebhookAsync("{\"id\":\"evt_1\"}", value), Problem));
        }

        foreach (var (name, body, _) in Bodies)
        {
            var text = Encoding.UTF8.GetString(body);
            cases.Add(new($"signed raw body: {name}", () => PostWebhookAsync(text, Sign(text)), Problem));
        }

        return cases;
    }

    private static List<Case> MemberPageCases(Member member)
    {
        var cases = new List<Case>();
        foreach (var (name, value) in PathValues)
        {
            var escaped = Uri.EscapeDataString(value);
            cases.Add(new($"watch {name}", () => member.Client.Http.GetAsync(new Uri("/members/watch/" + escaped, UriKind.Relative)), NotFoundOrOffer));
            cases.Add(new($"chat {name}", () => member.Client.Http.GetAsync(new Uri("/members/chat/" + escaped, UriKind.Relative)), NotFoundOrOffer));
            cases.Add(new($"success session_id {name}", () => member.Client.Http.GetAsync(new Uri("/billing/success?session_id=" + escaped, UriKind.Relative)),
                (r, body) => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound && !body.Contains("membership-active", StringComparison.Ordinal)));
        }

        return cases;
    }

    // ------------------------------------------------------------ what counts as a clear refusal

    /// <summary>The form again with an error, or refused before the page (400: anti-forgery, NUL, unreadable form).</summary>
    private static bool FormError(HttpResponseMessage response, string body) =>
        response.StatusCode == HttpStatusCode.OK && Html.Errors(body).Count > 0 || response.StatusCode == HttpStatusCode.BadRequest;

    private static bool Problem(HttpResponseMessage response, string body) =>
        (int)response.StatusCode is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json" && body.Contains("\"title\"", StringComparison.Ordinal);

    /// <summary>A problem, or no such route at all (a value the route template cannot match).</summary>
    private static bool ProblemOr404(HttpResponseMessage response, string body) => Problem(response, body) || response.StatusCode == HttpStatusCode.NotFound;

    private static bool ClientError(HttpResponseMessage response, string body) => (int)response.StatusCode is >= 400 and < 500;

    /// <summary>Unknown pages are 404; a name that happens to be valid shows the upgrade offer (the member has no access).</summary>
    private static bool NotFoundOrOffer(HttpResponseMessage response, string body) =>
        response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest;

    // ------------------------------------------------------------ plumbing

    private static Task<HttpResponseMessage> PostJsonAsync(Member member, string path, byte[] json) =>
        PostRawAsync(member.Client.Http, path, json, "application/json");

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        return await client.SendAsync(request);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>Every table a bad input could write to, by row count, plus what Stripe holds.</summary>
    private async Task<string> SnapshotAsync()
    {
        var counts = new List<string>();
        foreach (var table in new[] { "AspNetUsers", "checkouts", "billing_customers", "subscriptions", "payments", "passes", "stripe_inbox", "notice_outbox", "partner_deliveries", "entitlement_changes", "comps", "bans" })
        {
            counts.Add($"{table}={await Database.CountAsync(table)}");
        }

        counts.Add($"stream players={((InProcessStreamSessionRegistry)Factory.Services.GetRequiredService<IStreamSessionRegistry>()).PlayerCount}");
        var customers = await Stripe.V1.Customers.ListAsync(new global::Stripe.CustomerListOptions { Limit = 100 });
        counts.Add($"stripe customers={customers.Data.Count}");
        return string.Join(" ", counts);
    }

    private sealed record Case(string Name, Func<Task<HttpResponseMessage>> Send, Func<HttpResponseMessage, string, bool> Acceptable);
}
