using System.Net;
using System.Security.Claims;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// What the sign-in cookie carries: every claim in it is decrypted and parsed again on each request,
/// so it holds what the pages and checks read and no copy of the same value.
/// </summary>
public sealed class SignInClaimsTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task The_cookie_principal_has_the_name_display_name_and_stamp_but_no_second_copy_of_the_address()
    {
        var email = await Accounts.ConfirmedMemberAsync(displayName: "Camille");
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);

        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<FanClubUser>>().CreateAsync(user);

        Assert.Equal(email, principal.Identity?.Name);
        Assert.Equal(user.Id.ToString(), principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("Camille", principal.FindFirstValue(FanClubClaimsPrincipalFactory.DisplayNameClaim));
        Assert.Equal(await users.GetSecurityStampAsync(user), principal.FindFirstValue(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType));
        Assert.Null(principal.FindFirst(ClaimTypes.Email));
    }

    [Fact]
    public async Task The_sign_in_cookie_is_read_by_the_sites_ticket_reader_and_a_member_stays_signed_in_with_it()
    {
        var options = Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var email = await Accounts.ConfirmedMemberAsync(displayName: "Noor");
        var client = await Accounts.SignedInAsync(email);

        using var members = await client.Http.GetAsync(new Uri("/members", UriKind.Relative));

        Assert.IsNotType<TicketDataFormat>(options.TicketDataFormat);
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        Assert.Contains("Noor", await members.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
