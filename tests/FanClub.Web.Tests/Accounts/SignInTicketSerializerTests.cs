using System.Security.Claims;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// <see cref="SignInTicketSerializer"/> reads what the framework's <see cref="TicketSerializer"/> writes
/// exactly as the framework reads it, for tickets of every shape, and its cookie format and the cookie
/// handler's own open each other's cookies: members signed in before a deployment stay signed in.
/// </summary>
public sealed class SignInTicketSerializerTests
{
    public static TheoryData<string> Shapes => [.. Tickets.Keys];

    private static readonly Dictionary<string, Func<AuthenticationTicket>> Tickets = new()
    {
        ["member"] = () => Ticket(Member()),
        ["admin with roles and two factors"] = () =>
        {
            var identity = Member();
            identity.AddClaim(new Claim(ClaimTypes.Role, "Admin"));
            identity.AddClaim(new Claim(ClaimTypes.Role, "Support"));
            identity.AddClaim(new Claim("amr", "mfa"));
            return Ticket(identity, persistent: false);
        },
        ["custom name and role types, issuers, claim properties"] = () =>
        {
            var identity = new ClaimsIdentity("External", "preferred_username", "groups");
            identity.AddClaim(new Claim("preferred_username", "léa", ClaimValueTypes.String, "https://id.example", "https://other.example"));
            identity.AddClaim(new Claim("groups", "vip", ClaimValueTypes.String, "https://id.example"));
            var withProperties = new Claim("note", "\0", ClaimValueTypes.String);
            withProperties.Properties["source"] = "import";
            withProperties.Properties["empty"] = string.Empty;
            identity.AddClaim(withProperties);
            return Ticket(identity);
        },
        ["bootstrap context, actor, two identities, no properties"] = () =>
        {
            var identity = Member();
            identity.BootstrapContext = "raw-token";
            identity.Actor = new ClaimsIdentity([new Claim(ClaimTypes.Name, "support@example.com")], "Impersonation");
            var second = new ClaimsIdentity([new Claim("tenant", "🎤 fan club")], authenticationType: null);
            return new AuthenticationTicket(new ClaimsPrincipal([identity, second]), new AuthenticationProperties(), "Other");
        },
        ["property with a null value"] = () =>
        {
            var ticket = Ticket(Member());
            ticket.Properties.Items["custom"] = null;
            return ticket;
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Reads_every_ticket_as_the_frameworks_reader_does(string shape)
    {
        var bytes = TicketSerializer.Default.Serialize(Tickets[shape]());

        var framework = TicketSerializer.Default.Deserialize(bytes);
        var ours = SignInTicketSerializer.Instance.Deserialize(bytes);

        Assert.NotNull(framework);
        Assert.NotNull(ours);
        Assert.Equal(Describe(framework), Describe(ours));
    }

    [Fact]
    public void A_ticket_of_another_format_version_is_no_ticket_as_for_the_framework()
    {
        var bytes = TicketSerializer.Default.Serialize(Ticket(Member()));
        bytes[0] = 4;

        Assert.Null(TicketSerializer.Default.Deserialize(bytes));
        Assert.Null(SignInTicketSerializer.Instance.Deserialize(bytes));
    }

    [Fact]
    public void Its_cookie_format_and_the_cookie_handlers_own_open_each_others_cookies()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication().AddCookie(IdentityConstants.ApplicationScheme);
        using var provider = services.BuildServiceProvider();
        var handlers = provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var framework = handlers.TicketDataFormat;
        var ours = SignInTicketSerializer.Format(handlers.DataProtectionProvider!, IdentityConstants.ApplicationScheme);
        var ticket = Ticket(Member());

        var fromFramework = ours.Unprotect(framework.Protect(ticket));
        var fromOurs = framework.Unprotect(ours.Protect(ticket));

        Assert.NotNull(fromFramework);
        Assert.NotNull(fromOurs);
        Assert.Equal(Describe(ticket), Describe(fromFramework));
        Assert.Equal(Describe(ticket), Describe(fromOurs));
        Assert.Null(SignInTicketSerializer.Format(handlers.DataProtectionProvider!, "Other").Unprotect(framework.Protect(ticket)));
    }

    /// <summary>A member's ticket as FanClub signs one in (FanClubClaimsPrincipalFactory, AdminSession).</summary>
    private static ClaimsIdentity Member()
    {
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, "2b4c9a4e-5d1f-4c55-9a53-5b8f9b2f1c11"));
        identity.AddClaim(new Claim(ClaimTypes.Name, "camille@example.com"));
        identity.AddClaim(new Claim("AspNet.Identity.SecurityStamp", "QWERTYUIOPASDFGHJKLZXCVBNM234567"));
        identity.AddClaim(new Claim(FanClubClaimsPrincipalFactory.DisplayNameClaim, "Camille Désirée"));
        identity.AddClaim(new Claim("amr", "pwd"));
        identity.AddClaim(new Claim("auth_time", "1790000000", ClaimValueTypes.Integer64));
        return identity;
    }

    private static AuthenticationTicket Ticket(ClaimsIdentity identity, bool persistent = true) => new(new ClaimsPrincipal(identity),
        new AuthenticationProperties
        {
            IssuedUtc = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000),
            ExpiresUtc = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000).AddDays(14),
            IsPersistent = persistent,
        },
        IdentityConstants.ApplicationScheme);

    /// <summary>Everything a ticket holds, as text to compare.</summary>
    private static string Describe(AuthenticationTicket ticket) =>
        $"scheme={ticket.AuthenticationScheme}\n" +
        string.Join("\n", ticket.Principal.Identities.Select(Describe)) +
        "\nproperties: " + string.Join(", ", ticket.Properties.Items.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value ?? "(null)"}"));

    private static string Describe(ClaimsIdentity identity) =>
        $"identity {identity.AuthenticationType} name={identity.NameClaimType} role={identity.RoleClaimType} bootstrap={identity.BootstrapContext}\n" +
        string.Join("\n", identity.Claims.Select(c =>
            $"  {c.Type}={c.Value} ({c.ValueType}, {c.Issuer}, {c.OriginalIssuer}, subject is identity: {ReferenceEquals(c.Subject, identity)}) " +
            string.Join(",", c.Properties.Select(p => $"{p.Key}={p.Value}")))) +
        (identity.Actor is { } actor ? "\nactor: " + Describe(actor) : string.Empty);
}
