using System.Net;
using System.Net.Http.Headers;
using FanClub.Web.Admin.Partners;
using FanClub.Web.Partners;
using FanClub.Web.Tests.Admin;
using FanClub.Web.Tests.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>Partners through the admin pages: enable and disable, key and secret rotation, delivery retry.</summary>
public sealed class PartnerAdminTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task<(PartnerAccount Partner, string ApiKey)> AddPartnerAsync(Uri? webhook = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<PartnerOnboarding>()
            .AddAsync("cdn-" + Guid.NewGuid().ToString("N")[..6], "Edge CDN", webhook, CancellationToken.None);
        return added.Value;
    }

    private async Task<HttpStatusCode> CallPartnerApiAsync(string apiKey)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await client.GetAsync(new Uri($"/api/partners/v1/members/{Guid.NewGuid()}/entitlements", UriKind.Relative));
        return response.StatusCode;
    }

    private async Task<PartnerAccount> ReadPartnerAsync(string id)
    {
        await using var db = Database.CreateContext();
        return await db.Partners.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private static Dictionary<string, string> Form(string partnerId, int version = 0, string reason = "Routine rotation") => new()
    {
        ["Input.PartnerId"] = partnerId,
        ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Reason"] = reason,
    };

    [Fact]
    public async Task A_rotated_api_key_is_shown_once_and_only_it_opens_the_partner_api()
    {
        var (partner, oldKey) = await AddPartnerAsync();
        var admin = await new AdminSteps(Factory).AdminAsync();
        Assert.NotEqual(HttpStatusCode.Unauthorized, await CallPartnerApiAsync(oldKey));
        var page = await admin.Client.GetStringAsync("/admin/partners");
        Assert.Contains(partner.Id, page, StringComparison.Ordinal);
        Assert.DoesNotContain(oldKey, page, StringComparison.Ordinal);

        string newKey;
        using (var rotated = await admin.Client.SubmitAsync("/admin/partners", Form(partner.Id, version: 1), handler: "RotateKey"))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            newKey = Html.TestId(await rotated.Content.ReadAsStringAsync(), "revealed-value");
        }

        Assert.StartsWith(PartnerAccount.KeyPrefix, newKey, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallPartnerApiAsync(oldKey));
        Assert.NotEqual(HttpStatusCode.Unauthorized, await CallPartnerApiAsync(newKey));
        var stored = await ReadPartnerAsync(partner.Id);
        Assert.Equal((PartnerAccount.Hash(newKey), newKey[^4..], 2), (stored.ApiKeyHash, stored.ApiKeyHint, stored.ApiKeyVersion));
        Assert.DoesNotContain(newKey, await admin.Client.GetStringAsync("/admin/partners"), StringComparison.Ordinal);

        // The same form again (a double click): no third key, and the one shown still works.
        using (var again = await admin.Client.SubmitAsync("/admin/partners", Form(partner.Id, version: 1), handler: "RotateKey"))
        {
            var html = await again.Content.ReadAsStringAsync();
            Assert.Equal([Accounts.Text("AdminErrors.partner.already_rotated")], Html.FormErrors(html));
            Assert.DoesNotContain("revealed-value", html, StringComparison.Ordinal);
        }

        Assert.NotEqual(HttpStatusCode.Unauthorized, await CallPartnerApiAsync(newKey));
        var entry = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "partner.rotate_api_key"));
        Assert.Equal((admin.Id, partner.Id, "Routine rotation"), (entry.ActorId, entry.TargetId, entry.Reason));
        Assert.DoesNotContain(newKey, entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_partner_is_refused_until_enabled_again_and_each_change_is_recorded_once()
    {
        var (partner, key) = await AddPartnerAsync();
        var admin = await new AdminSteps(Factory).AdminAsync();

        using (var noReason = await admin.Client.SubmitAsync("/admin/partners", Form(partner.Id, reason: ""), handler: "Disable"))
        {
            Assert.True(Html.FieldErrors(await noReason.Content.ReadAsStringAsync()).ContainsKey("Input.Reason"));
        }

        Assert.True((await ReadPartnerAsync(partner.Id)).Enabled);
        for (var click = 0; click < 2; click++)
        {
            using var disabled = await admin.Client.SubmitAsync("/admin/partners", Form(partner.Id, reason: "Contract paused"), handler: "Disable");
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        }

        Assert.False((await ReadPartnerAsync(partner.Id)).Enabled);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallPartnerApiAsync(key));
        Assert.Equal("Contract paused", Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "partner.disable")).Reason);

        using (var enabled = await admin.Client.SubmitAsync("/admin/partners", Form(partner.Id, reason: "Contract renewed"), handler: "Enable"))
        {
            Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        }

        Assert.NotEqual(HttpStatusCode.Unauthorized, await CallPartnerApiAsync(key));
        Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "partner.enable"));
    }

    [Fact]
    public async Task After_a_secret_rotation_both_secrets_sign_for_a_day_then_only_the_new_one()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (partner, _) = await AddPartnerAsync(endpoint.Url);
        var oldSecret = (await ReadPartnerAsync(partner.Id)).WebhookSecret;
        var admin = await new AdminSteps(Factory).AdminAsync();

        string newSecret;
        using (var rotated = await admin.Client.SubmitAsync("/admin/partners", Form(partner.Id, version: 1), handler: "RotateSecret"))
        {
            newSecret = Html.TestId(await rotated.Content.ReadAsStringAsync(), "revealed-value");
        }

        var stored = await ReadPartnerAsync(partner.Id);
        Assert.Equal((newSecret, oldSecret, 2), (stored.WebhookSecret, stored.PreviousWebhookSecret, stored.WebhookSecretVersion));
        Assert.Equal((Factory.Clock.GetUtcNow() + PartnerAdmin.SecretGracePeriod).ToUnixTimeMilliseconds(), stored.PreviousWebhookSecretUntil?.ToUnixTimeMilliseconds());
        Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "partner.rotate_webhook_secret"));

        var during = await DeliverOneAsync(endpoint, partner.Id);
        Assert.Equal(2, during.Signatures.Count);
        Assert.True(Verifies(oldSecret, during), "The old secret no longer verifies during the grace period.");
        Assert.True(Verifies(newSecret, during), "The new secret does not verify.");

        Factory.Clock.Advance(PartnerAdmin.SecretGracePeriod + TimeSpan.FromSeconds(1));
        var after = await DeliverOneAsync(endpoint, partner.Id);
        Assert.Single(after.Signatures);
        Assert.False(Verifies(oldSecret, after), "The old secret still signs after the grace period.");
        Assert.True(Verifies(newSecret, after));
    }

    [Fact]
    public async Task Retry_makes_a_failing_delivery_due_now_once()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (partner, _) = await AddPartnerAsync(endpoint.Url);
        var now = Factory.Clock.GetUtcNow();
        var member = Guid.NewGuid();
        long id;
        await using (var db = Database.CreateContext())
        {
            var delivery = new PartnerDelivery
            {
                PartnerId = partner.Id, MemberId = member, ChangeId = 1, EventType = "entitlements.changed",
                Payload = "{\"type\":\"entitlements.changed\",\"data\":{\"member\":\"" + member + "\"}}",
                CreatedAt = now.AddMinutes(-30), Attempts = 5, NextAttemptAt = now.AddMinutes(40), LastError = "HTTP 503",
            };
            db.PartnerDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            id = delivery.Id;
        }

        var admin = await new AdminSteps(Factory).AdminAsync();
        var log = await admin.Client.GetStringAsync("/admin/partners/deliveries?partner=" + partner.Id);
        Assert.Contains("HTTP 503", log, StringComparison.Ordinal);
        for (var click = 0; click < 2; click++)
        {
            using var retried = await admin.Client.SubmitAsync("/admin/partners/deliveries?partner=" + partner.Id,
                new Dictionary<string, string> { ["deliveryId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                postUrl: "/admin/partners/deliveries?partner=" + partner.Id, handler: "Retry");
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        }

        var entry = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "partner.retry_delivery"));
        Assert.Equal((id.ToString(System.Globalization.CultureInfo.InvariantCulture), (Guid?)member), (entry.TargetId, entry.MemberId));
        await SendDueAsync();
        await using (var db = Database.CreateContext())
        {
            var delivered = await db.PartnerDeliveries.AsNoTracking().SingleAsync(d => d.Id == id);
            Assert.NotNull(delivered.DeliveredAt);
        }

        Assert.Contains(endpoint.Received, r => r.Body.Contains(member.ToString(), StringComparison.Ordinal));
    }

    private async Task SendDueAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PartnerWebhookSender>().SendDueAsync(CancellationToken.None);
    }

    private sealed record Signed(string Id, string Timestamp, string Body, IReadOnlyList<string> Signatures);

    /// <summary>Queues one message for the partner, sends it, and returns it as the partner received it.</summary>
    private async Task<Signed> DeliverOneAsync(PartnerEndpoint endpoint, string partnerId)
    {
        var marker = Guid.NewGuid().ToString();
        await using (var db = Database.CreateContext())
        {
            db.PartnerDeliveries.Add(new PartnerDelivery
            {
                PartnerId = partnerId, MemberId = Guid.NewGuid(), ChangeId = 1, EventType = "entitlements.changed",
                Payload = "{\"marker\":\"" + marker + "\"}", CreatedAt = Factory.Clock.GetUtcNow(), NextAttemptAt = Factory.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        for (var attempt = 0; attempt < 50 && !endpoint.Received.Any(r => r.Body.Contains(marker, StringComparison.Ordinal)); attempt++)
        {
            await SendDueAsync();
            await Task.Delay(20);
        }

        var (headers, body) = endpoint.Received.Single(r => r.Body.Contains(marker, StringComparison.Ordinal));
        return new Signed(headers["webhook-id"], headers["webhook-timestamp"], body, headers["webhook-signature"].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The Standard Webhooks check a partner runs: any of the space-separated v1 signatures matches.</summary>
    private static bool Verifies(string secret, Signed message)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key,
            System.Text.Encoding.UTF8.GetBytes($"{message.Id}.{message.Timestamp}.{message.Body}")));
        return message.Signatures.Any(s => s == "v1," + expected);
    }
}
