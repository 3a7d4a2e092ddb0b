using System.Net;
using FanClub.Web.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>Creating, editing and archiving tiers through the admin pages, seen on the cached public page at once.</summary>
public sealed class TierCatalogAdminTests(WebAppFixture fixture) : WebTest(fixture)
{
    private static Dictionary<string, string> NewTier(string id, string slug, string monthly = "4.99") => new()
    {
        ["Input.Id"] = id,
        ["Input.Slug"] = slug,
        ["Input.NameEnglish"] = "Platinum",
        ["Input.NameFrench"] = "Platine",
        ["Input.DescriptionEnglish"] = "Backstage",
        ["Input.DescriptionFrench"] = "Coulisses",
        ["Input.Currency"] = "EUR",
        ["Input.MonthlyPrice"] = monthly,
        ["Input.YearlyPrice"] = "49.90",
        ["Input.TrialDays"] = "7",
        ["Input.SortOrder"] = "3",
        ["Input.Entitlements"] = "stream:live chat:backstage",
    };

    [Fact]
    public async Task A_created_tier_is_on_the_public_page_at_once_and_an_archived_one_leaves_it()
    {
        var admin = await new AdminSteps(Factory).AdminAsync();
        var visitor = NewClient();
        Assert.DoesNotContain("Platinum", await visitor.GetStringAsync("/"), StringComparison.Ordinal); // now cached without it

        // Bad input: errors next to the fields, nothing created.
        using (var bad = await admin.Client.SubmitAsync("/admin/tiers/create", NewTier(Guid.NewGuid().ToString(), "Not A Slug", monthly: "4.999")))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var errors = Html.FieldErrors(await bad.Content.ReadAsStringAsync());
            Assert.True(errors.ContainsKey("Input.Slug") && errors.ContainsKey("Input.MonthlyPrice"), string.Join(" | ", errors.Keys));
        }

        // The same form submitted twice creates one tier and one audit entry.
        var id = Guid.CreateVersion7().ToString();
        for (var click = 0; click < 2; click++)
        {
            using var created = await admin.Client.SubmitAsync("/admin/tiers/create", NewTier(id, "platinum"));
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal("/admin/tiers/edit?id=" + id, created.Headers.Location?.OriginalString);
        }

        await using (var db = Database.CreateContext())
        {
            var tier = await db.Tiers.AsNoTracking().SingleAsync(t => t.Slug == "platinum");
            Assert.Equal((Guid.Parse(id), 499L, 4990L, 7), (tier.Id, tier.MonthlyPrice.AmountMinor, tier.YearlyPrice.AmountMinor, tier.TrialDays));
            Assert.Equal(["stream:live", "chat:backstage"], tier.Entitlements.Select(k => k.Value));
        }

        var creation = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "tier.create"));
        Assert.Equal((admin.Id, id), (creation.ActorId, creation.TargetId));
        Assert.Contains("Platinum", await visitor.GetStringAsync("/"), StringComparison.Ordinal);

        // A second tier cannot take the slug.
        using (var taken = await admin.Client.SubmitAsync("/admin/tiers/create", NewTier(Guid.NewGuid().ToString(), "platinum")))
        {
            Assert.True(Html.FieldErrors(await taken.Content.ReadAsStringAsync()).ContainsKey("Input.Slug"));
        }

        // Archiving needs a reason; then it leaves the public page, once.
        var edit = "/admin/tiers/edit?id=" + id;
        using (var noReason = await admin.Client.SubmitAsync(edit, new Dictionary<string, string> { ["Action.Reason"] = "" }, handler: "Archive"))
        {
            Assert.True(Html.FieldErrors(await noReason.Content.ReadAsStringAsync()).ContainsKey("Action.Reason"));
        }

        Assert.Contains("Platinum", await visitor.GetStringAsync("/"), StringComparison.Ordinal);
        for (var click = 0; click < 2; click++)
        {
            using var archived = await admin.Client.SubmitAsync(edit, new Dictionary<string, string> { ["Action.Reason"] = "Season over" }, handler: "Archive");
            Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);
        }

        Assert.DoesNotContain("Platinum", await visitor.GetStringAsync("/"), StringComparison.Ordinal);
        var archive = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "tier.archive"));
        Assert.Equal(("Season over", "{\"archived\":true}"), (archive.Reason, archive.After));
        Assert.Contains("Platinum", await admin.Client.GetStringAsync("/admin/tiers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_without_a_stripe_price_yet_changes_the_tier_and_the_public_page()
    {
        var admin = await new AdminSteps(Factory).AdminAsync();
        var id = Guid.CreateVersion7().ToString();
        using (var created = await admin.Client.SubmitAsync("/admin/tiers/create", NewTier(id, "platinum")))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var visitor = NewClient();
        Assert.Contains("Platinum", await visitor.GetStringAsync("/"), StringComparison.Ordinal);
        var form = NewTier(id, "platinum", monthly: "5.49");
        form["Input.NameEnglish"] = "Platinum Plus";
        using (var saved = await admin.Client.SubmitAsync("/admin/tiers/edit?id=" + id, form))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        await using (var db = Database.CreateContext())
        {
            var tier = await db.Tiers.AsNoTracking().SingleAsync(t => t.Slug == "platinum");
            Assert.Equal(("Platinum Plus", 549L, (string?)null), (tier.Name.English, tier.MonthlyPrice.AmountMinor, tier.StripeMonthlyPriceId));
        }

        Assert.Contains("Platinum Plus", await visitor.GetStringAsync("/"), StringComparison.Ordinal);
        var change = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "tier.price_change"));
        Assert.Contains("5.49 EUR", change.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archiving_after_ten_quiet_minutes_asks_for_the_password_or_code_again_and_changes_nothing()
    {
        var admin = await new AdminSteps(Factory).AdminAsync();
        var id = Guid.CreateVersion7().ToString();
        using (var created = await admin.Client.SubmitAsync("/admin/tiers/create", NewTier(id, "platinum")))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var edit = "/admin/tiers/edit?id=" + id;
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        using var late = await admin.Client.SubmitAsync(edit, new Dictionary<string, string> { ["Action.Reason"] = "Season over" }, handler: "Archive");
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.StartsWith("/account/reauthenticate", late.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await using var db = Database.CreateContext();
        Assert.False((await db.Tiers.AsNoTracking().SingleAsync(t => t.Slug == "platinum")).IsArchived);
        Assert.Empty(await AdminConsoleSteps.AuditAsync(Database, "tier.archive"));
    }
}
