using System.Net;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Web.Streams;
using FanClub.Web.Tests.Admin;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Security;

/// <summary>
/// Member B cannot read or act on member A's data by putting A's ids in a URL. Every member-facing
/// route that takes a parameter is listed below with why it is safe, and a test fails when a new
/// one appears, so it cannot be added without being looked at.
/// </summary>
public sealed class IdorTests(WebAppFixture fixture) : WebTest(fixture)
{
    /// <summary>Member-facing routes with parameters, and what keeps one member out of another's data.</summary>
    private static readonly Dictionary<string, string> Reviewed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["api/me/streams/sessions/{sessionId}/end"] = "acts only on the caller's own sessions (tested below)",
        ["api/me/streams/{streamId}/token"] = "a stream, not a member's; entitlements are the caller's",
        ["api/me/tokens/{partnerId}"] = "a partner, not a member's; the token is for the caller",
        ["members/chat/{room}"] = "a room, not a member's; access is the caller's",
        ["members/watch/{streamId}"] = "a stream, not a member's; access is the caller's",
        ["language/{culture}"] = "a language",
        ["{**path:file}"] = "static files (MapStaticAssets), the same for everyone",
        ["api/partners/{documentName}/openapi.json"] = "the public OpenAPI document",
        ["live/{streamId}/{file}"] = "public files behind a signed token",
        ["dev/mail/{id?}"] = "Development only: the route does not exist in Production (SecurityTests)",
        ["api/partners/v1/members/{memberId:guid}/entitlements"] = "partners only, by API key; a member's cookie is refused (tested below)",
        ["api/partners/v1/members/{memberId:guid}/access"] = "partners only, by API key; a member's cookie is refused (tested below)",
    };

    private AdminSteps Steps => new(Factory);

    [Fact]
    public void Every_member_facing_route_with_a_parameter_has_been_reviewed()
    {
        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count > 0)
            .Select(e => (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'))
            .Where(r => !r.StartsWith("admin", StringComparison.OrdinalIgnoreCase)) // AdminRouteGuardTests
            .Where(r => !r.StartsWith("hubs", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var unreviewed = routes.Where(r => !Reviewed.ContainsKey(r)).ToList();
        Assert.True(unreviewed.Count == 0, "Routes with parameters nobody checked for IDOR: " + string.Join(", ", unreviewed));
        Assert.True(routes.Count >= 5, "Too few routes found: the enumeration is broken.");
    }

    [Fact]
    public async Task A_member_cannot_end_another_members_stream_session()
    {
        var a = await Steps.MemberAsync("Member A");
        var b = await Steps.MemberAsync("Member B");
        const string SessionOfA = "session-of-member-a-0001";
        var streams = Factory.Services.GetRequiredService<IStreamSessionRegistry>();
        Assert.Equal(StreamSessionOutcome.Started, await streams.StartOrRenewAsync(a.Id, SessionOfA, 2, CancellationToken.None));

        using var response = await b.Client.Http.PostAsync(new Uri($"/api/me/streams/sessions/{SessionOfA}/end", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        // Still counted for A: had B's request ended it, A's next request would be a new start.
        Assert.Equal(StreamSessionOutcome.Renewed, await streams.StartOrRenewAsync(a.Id, SessionOfA, 2, CancellationToken.None));
    }

    [Fact]
    public async Task A_members_cookie_opens_neither_the_partner_api_nor_the_admin_pages_for_another_member()
    {
        var a = await Steps.MemberAsync("Member A");
        var b = await Steps.MemberAsync("Member B");

        foreach (var path in new[] { $"/api/partners/v1/members/{a.Id}/entitlements", $"/api/partners/v1/members/{a.Id}/access?resource=stream:live" })
        {
            using var response = await b.Client.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var detail = await b.Client.Http.GetAsync(new Uri($"/admin/members/detail/{a.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, detail.StatusCode);
        Assert.StartsWith("/account/access-denied", detail.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_pages_and_the_personal_data_download_show_only_the_callers_own_data()
    {
        var a = await Steps.MemberAsync("Alice Unique", "alice-idor@example.com");
        var b = await Steps.MemberAsync("Bob Other", "bob-idor@example.com");
        var tier = Tier.Create(Guid.NewGuid(), "idor", new LocalizedText("Idor", "Idor"), new LocalizedText("x", "x"),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, [EntitlementKey.Parse("stream:live")]).Value;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClub.Web.Data.FanClubDbContext>();
            db.Tiers.Add(tier);
            db.Comps.Add(Comp.Grant(Guid.NewGuid(), a.Id, tier.Id, 30, "only for A", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value);
            await db.SaveChangesAsync();
        }

        foreach (var page in new[] { "/members", "/billing", "/account/manage", "/account/manage/personal-data" })
        {
            var html = Html.Decode(await b.Client.GetStringAsync(page));
            Assert.DoesNotContain("alice-idor@example.com", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Alice Unique", html, StringComparison.Ordinal);
            Assert.DoesNotContain("stream:live", html, StringComparison.Ordinal);
        }

        // Query-string ids are ignored: pages read the member from the session, never from the URL.
        var withId = Html.Decode(await b.Client.GetStringAsync($"/members?memberId={a.Id}&id={a.Id}"));
        Assert.DoesNotContain("stream:live", withId, StringComparison.Ordinal);

        using var download = await b.Client.SubmitAsync("/account/manage/personal-data", new Dictionary<string, string>(), handler: "Download");
        var json = await download.Content.ReadAsStringAsync();
        Assert.Contains("bob-idor@example.com", json, StringComparison.Ordinal);
        Assert.DoesNotContain("alice-idor@example.com", json, StringComparison.Ordinal);
    }
}
