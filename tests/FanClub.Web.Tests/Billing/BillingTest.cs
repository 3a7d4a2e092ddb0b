using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FanClub.Billing.Webhooks;
using FanClub.Domain.Common;
using FanClub.Domain.Passes;
using FanClub.Domain.Tiers;
using FanClub.StripeSandbox;
using FanClub.Testing;
using FanClub.Web.Billing;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace FanClub.Web.Tests.Billing;

/// <summary>A member as a test drives them: a signed-in browser, the member id, the address to sign in again.</summary>
public sealed record Member(FormClient Client, Guid MemberId, string Email);

/// <summary>One webhook delivery and the app's answer.</summary>
public sealed record Delivery(string EventId, string Type, HttpStatusCode Status, string Body);

/// <summary>
/// Base for billing tests: a clean database with two tiers and a pass on sale, a fresh Stripe
/// sandbox that delivers nothing by itself, and steps to drive the member's side (pages, hosted
/// checkout) and Stripe's side (events relayed to <c>POST /webhooks/stripe</c>, signed at the app's time).
/// </summary>
[Collection(BillingTestGroup.Name)]
public abstract partial class BillingTest(BillingFixture fixture) : IAsyncLifetime
{
    public const string CardSucceeds = "4242424242424242";
    public const string CardFailsAtRenewal = "4000000000000341";
    public const string CardNeedsAuthentication = "4000002500003155";

    private readonly HashSet<string> _relayed = new(StringComparer.Ordinal);
    private StripeSandboxHost? _sandbox;
    private HttpClient? _sandboxHttp;

    protected BillingFixture Fixture { get; } = fixture;

    protected FanClubWebFactory Factory => Fixture.Factory;

    protected TestDatabase Database => Fixture.Database;

    protected Accounts.AccountSteps Accounts => new(Factory, Database);

    protected StripeSandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("No sandbox.");

    /// <summary>Stripe.net as an admin (or the Stripe dashboard) would use it, straight at the sandbox.</summary>
    protected StripeClient Stripe { get; private set; } = null!;

    /// <summary>A browser on the sandbox's hosted pages; it follows no redirects.</summary>
    protected HttpClient SandboxBrowser => _sandboxHttp ?? throw new InvalidOperationException("No sandbox.");

    protected Tier Gold { get; set; } = null!;

    protected Tier Vip { get; set; } = null!;

    protected PassOffer PrimeNight { get; private set; } = null!;

    protected DateTimeOffset AppNow => Factory.Clock.GetUtcNow();

    public virtual async Task InitializeAsync()
    {
        await Database.ResetAsync();
        _sandbox = await StripeSandboxHost.StartAsync(new StripeSandboxOptions { InitialTime = AppNow });
        Fixture.Router.Target = _sandbox.BaseAddress;
        Stripe = new StripeClient(new StripeClientOptions { ApiKey = BillingFixture.ApiKey, ApiBase = _sandbox.ApiBase });
#pragma warning disable CA2000 // Disposed by the HttpClient.
        _sandboxHttp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _sandbox.BaseAddress };
#pragma warning restore CA2000
        _sandboxHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BillingFixture.ApiKey);

        Gold = Tier.Create(Guid.CreateVersion7(), "gold", new LocalizedText("Gold", "Or"), new LocalizedText("Lives", "Directs"),
            new Money(999, "EUR"), new Money(9900, "EUR"), 0, 1, [EntitlementKey.Parse("chat:community"), EntitlementKey.Parse("stream:live")]).Value;
        Vip = Tier.Create(Guid.CreateVersion7(), "vip", new LocalizedText("VIP", "VIP"), new LocalizedText("Everything", "Tout"),
            new Money(1999, "EUR"), new Money(19900, "EUR"), 0, 2,
            [EntitlementKey.Parse("chat:community"), EntitlementKey.Parse("chat:premium"), EntitlementKey.Parse("stream:live"), EntitlementKey.Parse("stream:replays")]).Value;
        PrimeNight = PassOffer.Create(Guid.CreateVersion7(), "prime-night", new LocalizedText("Prime night", "Soirée prime"), new Money(499, "EUR"),
            AppNow.AddHours(-1), AppNow.AddHours(2), 7, [EntitlementKey.Parse("stream:prime-night")]).Value;
        await using var db = Database.CreateContext();
        db.Tiers.AddRange(Gold, Vip);
        db.PassOffers.Add(PrimeNight);
        await db.SaveChangesAsync();
    }

    public virtual async Task DisposeAsync()
    {
        _sandboxHttp?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    // ------------------------------------------------------------ the member's side

    /// <summary>A registered, confirmed, signed-in member.</summary>
    protected async Task<Member> MemberAsync()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var client = await Accounts.SignedInAsync(email);
        return new Member(client, (await Accounts.UserAsync(email)).Id, email);
    }

    /// <summary>A fresh session: after the clocks move by weeks, the old cookie has expired, as a browser's would.</summary>
    protected async Task<FormClient> SignInAgainAsync(Member member) => await Accounts.SignedInAsync(member.Email);

    /// <summary>Posts the subscribe form as a member would; the answer is the redirect to Checkout, or the page with its error.</summary>
    protected static Task<HttpResponseMessage> PostSubscribeAsync(FormClient client, string slug = "gold") =>
        client.SubmitAsync($"/billing/subscribe?tier={slug}", new Dictionary<string, string> { ["tier"] = slug, ["Interval"] = "Month" });

    /// <summary>The anti-forgery token of a page, as a second tab would hold it.</summary>
    protected static async Task<string> FormTokenAsync(FormClient client, string pageUrl)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No form on {pageUrl}.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    protected static async Task<HttpResponseMessage> PostWithTokenAsync(FormClient client, string url, string token, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    /// <summary>Subscribe page, then the hosted checkout paid with <paramref name="card"/>; events not yet delivered.</summary>
    protected async Task<Uri> CheckoutAsync(FormClient client, string slug = "gold", string card = CardSucceeds)
    {
        using var started = await PostSubscribeAsync(client, slug);
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"Subscribe answered {(int)started.StatusCode}: {string.Join(" | ", Html.Errors(await started.Content.ReadAsStringAsync()))}");
        var checkout = started.Headers.Location!;
        Assert.StartsWith(Sandbox.BaseAddress.ToString(), checkout.ToString(), StringComparison.Ordinal);
        await PayAsync(checkout, card);
        return checkout;
    }

    protected async Task PayAsync(Uri checkout, string card)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = card });
        using var paid = await SandboxBrowser.PostAsync(new Uri(checkout + "/pay"), content);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
    }

    /// <summary>Checkout paid and every event delivered: a member with an active subscription.</summary>
    protected async Task<Member> SubscribedMemberAsync(string slug = "gold", string card = CardSucceeds)
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client, slug, card);
        await DeliverAsync();
        return member;
    }

    /// <summary>The entitlement keys the members page lists.</summary>
    protected static async Task<IReadOnlyList<string>> EntitlementsShownAsync(FormClient client)
    {
        using var response = await client.Http.GetAsync(new Uri("/members", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        return [.. Entitlement().Matches(page).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
    }

    protected static Task<HttpResponseMessage> BillingActionAsync(FormClient client, string handler, Dictionary<string, string>? fields = null) =>
        client.SubmitAsync("/billing", fields ?? [], handler: handler);

    // ------------------------------------------------------------ Stripe's side

    /// <summary>Moves Stripe's clock and the app's clock together, so signatures stay fresh and grace periods line up.</summary>
    protected async Task AdvanceAsync(TimeSpan by)
    {
        await Sandbox.AdvanceClockAsync(by);
        Factory.Clock.Advance(by);
    }

    /// <summary>Events the sandbox recorded since the last call, oldest first, as raw JSON.</summary>
    protected async Task<IReadOnlyList<JsonObject>> NewEventsAsync()
    {
        var fresh = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            var url = "/v1/events?limit=100" + (after is null ? string.Empty : "&starting_after=" + after);
            var page = JsonNode.Parse(await SandboxBrowser.GetStringAsync(new Uri(url, UriKind.Relative)))!.AsObject();
            var data = page["data"]!.AsArray().Select(e => e!.AsObject()).ToList();
            var unseen = data.TakeWhile(e => !_relayed.Contains((string)e["id"]!)).ToList();
            fresh.AddRange(unseen);
            if (unseen.Count < data.Count || !(bool)page["has_more"]! || data.Count == 0)
            {
                break;
            }

            after = (string)data[^1]["id"]!;
        }

        fresh.Reverse();
        foreach (var e in fresh)
        {
            _relayed.Add((string)e["id"]!);
        }

        return fresh;
    }

    /// <summary>Delivers every new event in order, as Stripe would on a good day, and checks each is accepted.</summary>
    protected async Task<IReadOnlyList<Delivery>> DeliverAsync()
    {
        var deliveries = new List<Delivery>();
        for (var round = 0; round < 5; round++)
        {
            // A handler may change Stripe (a refund cancels the subscription): deliver what that caused too.
            var events = await NewEventsAsync();
            if (events.Count == 0)
            {
                break;
            }

            foreach (var e in events)
            {
                var delivery = await PostEventAsync(e);
                Assert.True(delivery.Status == HttpStatusCode.OK, $"{delivery.Type} {delivery.EventId} answered {(int)delivery.Status}");
                deliveries.Add(delivery);
            }
        }

        return deliveries;
    }

    protected async Task<Delivery> PostEventAsync(JsonObject stripeEvent, Func<string, string>? sign = null)
    {
        var json = stripeEvent.ToJsonString();
        using var response = await PostWebhookAsync(json, (sign ?? Sign)(json));
        return new Delivery((string)stripeEvent["id"]!, (string)stripeEvent["type"]!, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    protected async Task<HttpResponseMessage> PostWebhookAsync(string json, string? signature)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(StripeWebhookEndpoint.Path, UriKind.Relative))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A real signature at the app's current time, as Stripe signs at sending time.</summary>
    protected string Sign(string json) => Sign(json, AppNow, BillingFixture.WebhookSecret);

    protected static string Sign(string json, DateTimeOffset at, string secret) =>
        EventUtility.GenerateSignatureHeader(json, secret, at.ToUnixTimeSeconds());

    /// <summary>The charge that paid an invoice (this API version links them through the payment intent).</summary>
    protected async Task<Charge> ChargeOfInvoiceAsync(string invoiceId)
    {
        var payments = await Stripe.V1.InvoicePayments.ListAsync(new InvoicePaymentListOptions { Invoice = invoiceId });
        var paid = payments.Data.First(p => p.Status == "paid");
        var intent = await Stripe.V1.PaymentIntents.GetAsync(paid.Payment.PaymentIntentId);
        return await Stripe.V1.Charges.GetAsync(intent.LatestChargeId);
    }

    protected async Task DisputeAsync(string chargeId)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>());
        using var response = await SandboxBrowser.PostAsync(new Uri($"/sandbox/charges/{chargeId}/dispute", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // ------------------------------------------------------------ the database

    protected async Task<T> ReadAsync<T>(Func<FanClubDbContext, Task<T>> query)
    {
        await using var db = Database.CreateContext();
        return await query(db);
    }

    protected Task<Domain.Subscriptions.Subscription> LocalSubscriptionAsync(Guid memberId) =>
        ReadAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.MemberId == memberId).OrderByDescending(s => s.CreatedAt).FirstAsync());

    protected Task<List<NoticeRecord>> NoticesAsync(Guid memberId) =>
        ReadAsync(db => db.Notices.AsNoTracking().Where(n => n.MemberId == memberId).ToListAsync());

    protected async Task<List<string>> NoticeKindsAsync(Guid memberId) =>
        [.. (await NoticesAsync(memberId)).Select(n => n.Kind).Order(StringComparer.Ordinal)];

    protected async Task<FanClub.Billing.Reconciliation.ReconciliationRun> ReconcileAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FanClub.Billing.Reconciliation.Reconciler>().RunAsync(CancellationToken.None);
    }

    protected Task<List<string>> InboxAsync() => ReadAsync(db => db.StripeInbox.AsNoTracking().Select(e => e.EventId).ToListAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-entitlement=\"([^\"]+)\"")]
    private static partial Regex Entitlement();
}
