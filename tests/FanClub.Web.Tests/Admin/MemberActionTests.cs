using System.Net;
using System.Text.RegularExpressions;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Entitlements;
using FanClub.Web.Streams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Admin;

/// <summary>The actions that need no Stripe (comp, ban, unban, resend), through the member page, with their audit entries.</summary>
public sealed partial class MemberActionTests(WebAppFixture fixture) : WebTest(fixture)
{
    private AdminSteps Steps => new(Factory);

    [Fact]
    public async Task Comping_a_month_grants_the_tier_with_its_reason_and_leaves_an_audit_entry()
    {
        var vip = await TierAsync("stream:live", "chat:lounge");
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync("Comped Fan");

        using var response = await PostActionAsync(admin.Client, member.Id, "Comp", new() { ["Input.TierId"] = vip.Id.ToString(), ["Input.Days"] = "30", ["Input.Reason"] = "Contest winner" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var access = await EntitlementsAsync(member.Id);
        Assert.Equal(["chat:lounge", "stream:live"], access.Keys.Select(k => k.Value));
        Assert.All(access.Grants, g => Assert.Equal(FanClub.Domain.Entitlements.EntitlementSource.Comp, g.Source));
        Assert.InRange(access.ValidUntil!.Value, Factory.Clock.GetUtcNow().AddDays(30).AddSeconds(-2), Factory.Clock.GetUtcNow().AddDays(30).AddSeconds(2));

        await using var db = Database.CreateContext();
        var entry = await db.AuditLog.SingleAsync();
        Assert.Equal("member.comp", entry.Action);
        Assert.Equal(admin.Id, entry.ActorId);
        Assert.Equal(admin.Email, entry.ActorEmail);
        Assert.Equal(member.Id, entry.MemberId);
        Assert.Equal("Contest winner", entry.Reason);
        Assert.Contains($"\"tier\":\"{vip.Slug}\"", entry.After, StringComparison.Ordinal);

        var page = Html.Decode(await admin.Client.GetStringAsync($"/admin/members/detail/{member.Id}"));
        Assert.Contains($"{Accounts.Text("Admin.Source.Comp")} · {vip.Slug} · Contest winner", page, StringComparison.Ordinal);
        Assert.Contains("member.comp by " + admin.Email, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_form_posted_twice_comps_once()
    {
        var vip = await TierAsync("stream:live");
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync();
        var key = Guid.NewGuid().ToString("N");
        var fields = new Dictionary<string, string> { ["Input.TierId"] = vip.Id.ToString(), ["Input.Days"] = "30", ["Input.Reason"] = "Make-good", ["Input.RequestKey"] = key };

        // Two at once, as a double click sends them, then a third late one.
        var token = await FormTokenAsync(admin.Client, member.Id);
        var first = PostAsync(admin.Client, member.Id, "Comp", token, fields);
        var second = PostAsync(admin.Client, member.Id, "Comp", token, fields);
        using var a = await first;
        using var b = await second;
        using var c = await PostAsync(admin.Client, member.Id, "Comp", token, fields);

        Assert.All(new[] { a, b, c }, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Comps.CountAsync(x => x.MemberId == member.Id));
        Assert.Equal(1, await db.AuditLog.CountAsync());
        Assert.Contains(Accounts.Text("Admin.Action.AlreadyDone"), Html.Decode(await admin.Client.GetStringAsync($"/admin/members/detail/{member.Id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ban_needs_a_reason_and_a_confirmation_then_revokes_everything_at_once()
    {
        var vip = await TierAsync("stream:live", "chat:lounge");
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync();
        using (var comp = await PostActionAsync(admin.Client, member.Id, "Comp", new() { ["Input.TierId"] = vip.Id.ToString(), ["Input.Days"] = "30", ["Input.Reason"] = "Prize" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, comp.StatusCode);
        }

        var query = Factory.Services.GetRequiredService<FanClub.Domain.Partners.IEntitlementQuery>();
        Assert.NotEmpty((await query.GetAsync(member.Id, CancellationToken.None)).Keys); // now cached
        var streams = (InProcessStreamSessionRegistry)Factory.Services.GetRequiredService<IStreamSessionRegistry>();
        Assert.Equal(StreamSessionOutcome.Started, await streams.StartOrRenewAsync(member.Id, "player-of-a-member-to-ban", 2, CancellationToken.None));

        using (var unconfirmed = await PostActionAsync(admin.Client, member.Id, "Ban", new() { ["Input.Reason"] = "Sharing the stream" }))
        {
            Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
            Assert.Contains(Accounts.Text("Admin.Action.ConfirmRequired"), Html.FormErrors(await unconfirmed.Content.ReadAsStringAsync()));
        }

        using (var noReason = await PostActionAsync(admin.Client, member.Id, "Ban", new() { ["Input.Confirm"] = "true" }))
        {
            Assert.Contains(Accounts.Text("Admin.Action.ReasonRequired"), Html.FormErrors(await noReason.Content.ReadAsStringAsync()));
        }

        using (var banned = await PostActionAsync(admin.Client, member.Id, "Ban", new() { ["Input.Reason"] = "Sharing the stream", ["Input.Confirm"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, banned.StatusCode);
        }

        Assert.Equal(0, streams.PlayersOf(member.Id)); // stream slots freed at once

        // The cache answers from the database's change log, so the very next question sees the ban.
        var after = await query.GetAsync(member.Id, CancellationToken.None);
        Assert.True(after.Banned);
        Assert.Empty(after.Keys);
        await using (var db = Database.CreateContext())
        {
            Assert.Contains(await db.EntitlementChanges.Where(c => c.MemberId == member.Id).Select(c => c.Cause).ToListAsync(), c => c == "ban");
            var entry = await db.AuditLog.OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal("member.ban", entry.Action);
            Assert.Equal("Sharing the stream", entry.Reason);
            Assert.Equal("{\"banned\":false}", entry.Before);
            Assert.Equal("{\"banned\":true}", entry.After);
        }

        // The member's own session ends at the next security-stamp check.
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        using var members = await member.Client.Http.GetAsync(new Uri("/members", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, members.StatusCode);
        Assert.StartsWith("/account/login", members.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifting_a_ban_gives_the_access_back_and_is_audited()
    {
        var vip = await TierAsync("stream:live");
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync();
        (await PostActionAsync(admin.Client, member.Id, "Comp", new() { ["Input.TierId"] = vip.Id.ToString(), ["Input.Days"] = "10", ["Input.Reason"] = "x" })).Dispose();
        (await PostActionAsync(admin.Client, member.Id, "Ban", new() { ["Input.Reason"] = "Spam", ["Input.Confirm"] = "true" })).Dispose();
        Assert.True((await EntitlementsAsync(member.Id)).Banned);

        using var lifted = await PostActionAsync(admin.Client, member.Id, "Unban", new() { ["Input.Reason"] = "Appeal accepted" });

        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        var access = await EntitlementsAsync(member.Id);
        Assert.False(access.Banned);
        Assert.Equal(["stream:live"], access.Keys.Select(k => k.Value));
        await using var db = Database.CreateContext();
        Assert.Equal(["member.comp", "member.ban", "member.unban"], await db.AuditLog.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task Resending_a_receipt_queues_a_copy_of_it()
    {
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync();
        var original = new FanClub.Web.Billing.NoticeRecord
        {
            Id = Guid.NewGuid(), MemberId = member.Id, Kind = "Receipt", DedupeKey = "receipt:in_test", DataJson = "{\"amount\":\"9.99\"}",
            CreatedAt = Factory.Clock.GetUtcNow(), SentAt = Factory.Clock.GetUtcNow(),
        };
        await using (var db = Database.CreateContext())
        {
            db.Notices.Add(original);
            await db.SaveChangesAsync();
        }

        using var resent = await PostActionAsync(admin.Client, member.Id, "Resend", new() { ["Input.NoticeId"] = original.Id.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        await using var check = Database.CreateContext();
        var copy = await check.Notices.SingleAsync(n => n.Id != original.Id);
        Assert.Equal("Receipt", copy.Kind);
        Assert.Equal(original.DataJson, copy.DataJson);
        Assert.StartsWith("resend:", copy.DedupeKey, StringComparison.Ordinal);
        Assert.Equal("member.resend_email", (await check.AuditLog.SingleAsync()).Action);
    }

    [Fact]
    public async Task An_action_after_ten_minutes_asks_for_the_password_or_a_code_first_then_works()
    {
        var vip = await TierAsync("stream:live");
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync();
        var token = await FormTokenAsync(admin.Client, member.Id);
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var fields = new Dictionary<string, string> { ["Input.TierId"] = vip.Id.ToString(), ["Input.Days"] = "5", ["Input.Reason"] = "Late", ["Input.RequestKey"] = Guid.NewGuid().ToString("N") };

        using var stale = await PostAsync(admin.Client, member.Id, "Comp", token, fields);

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var back = $"/admin/members/detail/{member.Id}";
        Assert.Equal("/account/reauthenticate?returnUrl=" + Uri.EscapeDataString(back), stale.Headers.Location?.OriginalString);
        await using (var db = Database.CreateContext())
        {
            Assert.Empty(await db.Comps.ToListAsync());
        }

        // Viewing still works without re-authenticating.
        using (var view = await admin.Client.Http.GetAsync(new Uri(back, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        }

        using (var wrong = await admin.Client.SubmitAsync(stale.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Password"] = "not the password at all" }))
        {
            Assert.Contains(Accounts.Text("Reauthenticate.Failed"), Html.FormErrors(await wrong.Content.ReadAsStringAsync()));
        }

        using var confirmed = await admin.Client.SubmitAsync(stale.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(admin.AuthenticatorKey!, DateTimeOffset.UtcNow), ["ReturnUrl"] = back });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(back, confirmed.Headers.Location?.OriginalString);

        using var done = await PostAsync(admin.Client, member.Id, "Comp", await FormTokenAsync(admin.Client, member.Id), fields);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(back, done.Headers.Location?.OriginalString);
        await using var check = Database.CreateContext();
        Assert.Single(await check.Comps.ToListAsync());
    }

    private async Task<Tier> TierAsync(params string[] keys)
    {
        await using var db = Database.CreateContext();
        var slug = "t" + Guid.NewGuid().ToString("N")[..8];
        var tier = Tier.Create(Guid.NewGuid(), slug, new LocalizedText(slug, slug), new LocalizedText(slug, slug),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, [.. keys.Select(EntitlementKey.Parse)]).Value;
        db.Tiers.Add(tier);
        await db.SaveChangesAsync();
        return tier;
    }

    private async Task<FanClub.Domain.Entitlements.MemberEntitlements> EntitlementsAsync(Guid memberId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EntitlementReader>().GetAsync(memberId, CancellationToken.None);
    }

    internal static async Task<string> FormTokenAsync(FormClient client, Guid memberId)
    {
        var page = await client.GetStringAsync($"/admin/members/detail/{memberId}");
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "No anti-forgery token on the member page:\n" + page[..Math.Min(page.Length, 1500)]);
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    internal static async Task<HttpResponseMessage> PostAsync(FormClient client, Guid memberId, string handler, string token, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        using var content = new FormUrlEncodedContent(form);
        return await client.Http.PostAsync(new Uri($"/admin/members/detail/{memberId}?handler={handler}", UriKind.Relative), content);
    }

    /// <summary>Posts one action form with a fresh request key, as a first click does.</summary>
    internal static async Task<HttpResponseMessage> PostActionAsync(FormClient client, Guid memberId, string handler, Dictionary<string, string> fields)
    {
        fields.TryAdd("Input.RequestKey", Guid.NewGuid().ToString("N"));
        return await PostAsync(client, memberId, handler, await FormTokenAsync(client, memberId), fields);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
