using System.Net;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Admin;

/// <summary>
/// Every route under /admin, read from the app's own endpoint data sources (so a page added
/// tomorrow is checked too), refuses anonymous visitors, members, and admins without two-factor.
/// </summary>
public sealed class AdminRouteGuardTests(WebAppFixture fixture, ITestOutputHelper output) : WebTest(fixture)
{
    private AdminSteps Steps => new(Factory);

    private List<string> AdminUrls()
    {
        var urls = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern)
            .Where(p => (p.RawText ?? string.Empty).TrimStart('/').StartsWith("admin", StringComparison.OrdinalIgnoreCase))
            .Select(Url)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        output.WriteLine(string.Join("\n", urls));
        Assert.True(urls.Count >= 4, "Too few admin routes found: the enumeration is broken.\n" + string.Join("\n", urls));
        return urls;
    }

    /// <summary>A concrete URL for a pattern: a new Guid for each id, "x" for other parameters.</summary>
    private static string Url(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
            RoutePatternParameterPart parameter when parameter.IsOptional => string.Empty,
            RoutePatternParameterPart => "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        })))).TrimEnd('/');

    private static string PathOf(Uri? location) => location is null ? string.Empty : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_log_in_from_every_admin_route()
    {
        var client = Steps.NewClient();
        foreach (var url in AdminUrls())
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
                using var response = await client.Http.SendAsync(request);
                // A POST without an anti-forgery token may be refused earlier (400); it must never succeed.
                if (method == HttpMethod.Get || response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {url}: {(int)response.StatusCode}");
                    Assert.StartsWith("/account/login", PathOf(response.Headers.Location), StringComparison.Ordinal);
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.BadRequest, $"{method} {url}: {(int)response.StatusCode}");
                }
            }
        }
    }

    [Fact]
    public async Task Members_are_refused_every_admin_route()
    {
        var member = await Steps.MemberAsync();
        foreach (var url in AdminUrls())
        {
            using var response = await member.Client.Http.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/access-denied", PathOf(response.Headers.Location), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Admins_without_a_second_factor_are_refused_every_admin_route()
    {
        var (_, email, _) = await Steps.CreateAsync(Roles.Admin, withAuthenticator: false);
        var client = await Steps.SignInAsync(email, null);
        foreach (var url in AdminUrls())
        {
            using var response = await client.Http.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/two-factor-required", PathOf(response.Headers.Location), StringComparison.Ordinal);
        }
    }
}
