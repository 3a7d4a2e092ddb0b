using System.Net;
using System.Text.RegularExpressions;
using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Admin.Dashboard;
using FanClub.Web.Tests.Admin;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>The dashboard page as an admin sees it; the figures themselves are checked in <see cref="DashboardFiguresTests"/>.</summary>
public sealed partial class DashboardPageTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task The_admin_sees_the_figures_and_a_chart_drawn_without_inline_style_or_script()
    {
        var now = Factory.Clock.GetUtcNow();
        var gold = Tier.Create(Guid.CreateVersion7(), "gold", new LocalizedText("Gold", "Or"), new LocalizedText("Lives", "Directs"),
            new Money(999, "EUR"), new Money(9900, "EUR"), 0, 1, [EntitlementKey.Parse("stream:live")]).Value;
        gold.LinkStripe("prod_g", "price_g_m", "price_g_y");
        await using (var db = Database.CreateContext())
        {
            db.Tiers.Add(gold);
            db.Subscriptions.Add(Subscription.Start(Guid.CreateVersion7(), Guid.NewGuid(), gold.Id, BillingInterval.Month,
                new SubscriptionSnapshot("sub_m", "cus_m", "price_g_m", SubscriptionStatus.Active, now.AddDays(-10), now.AddDays(20), false, null, null), now.AddDays(-10)));
            db.Subscriptions.Add(Subscription.Start(Guid.CreateVersion7(), Guid.NewGuid(), gold.Id, BillingInterval.Year,
                new SubscriptionSnapshot("sub_y", "cus_y", "price_g_y", SubscriptionStatus.Active, now.AddDays(-40), now.AddDays(325), false, null, null), now.AddDays(-40)));
            await db.SaveChangesAsync();
        }

        var admin = await new AdminSteps(Factory).AdminAsync();
        using var response = await admin.Client.Http.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("2", Html.TestId(page, "members-now"));
        Assert.Equal("€18.24", Html.TestId(page, "mrr-EUR")); // 9.99 + 99.00 / 12 = 9.99 + 8.25
        Assert.Equal("+€9.99", Html.TestId(page, "mrr-change-EUR")); // the monthly one joined 10 days ago
        var points = MembersLine().Match(page);
        Assert.True(points.Success, "No members line in the chart.");
        Assert.Equal(DashboardQuery.ChartDays, points.Groups[1].Value.Split(' ').Length);
        Assert.DoesNotContain(" style=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", page, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("data-testid=\"members-line\" points=\"([^\"]+)\"")]
    private static partial Regex MembersLine();
}
