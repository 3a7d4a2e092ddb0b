using System.Net;
using FanClub.Testing;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

using FanClub.Web.Tests.Accounts;

namespace FanClub.Web.Tests.Hosting;

public sealed class SecurityTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_with_400()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountSteps.Password });

        using var response = await Accounts.NewClient().Http.PostAsync(new Uri("/account/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(AccountSteps.SetsCookie(response, AccountSteps.AuthCookie));
    }

    [Fact]
    public async Task The_auth_cookie_is_http_only_and_same_site_lax()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        using var response = await AccountSteps.LogInAsync(Accounts.NewClient(), email);

        var cookie = AccountSteps.SetCookieHeader(response, AccountSteps.AuthCookie);
        Assert.NotNull(cookie);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_production_the_auth_cookie_is_also_secure_and_dev_mail_does_not_exist()
    {
        await using var production = new FanClubWebFactory(Database, "Production");
        var email = AccountSteps.NewEmail("prod");
        using (var scope = production.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
            var created = await users.CreateAsync(new FanClubUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Prod" }, AccountSteps.Password);
            Assert.True(created.Succeeded);
        }

        // Secure cookies (anti-forgery included) only travel over HTTPS, as behind the real proxy.
        var client = new AccountSteps(production, Database).NewClient(baseAddress: new Uri("https://localhost"));
        using var login = await AccountSteps.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = AccountSteps.SetCookieHeader(login, AccountSteps.AuthCookie);
        Assert.NotNull(cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        using var mail = await client.Http.GetAsync(new Uri("/dev/mail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, mail.StatusCode);
    }

    [Fact]
    public async Task In_production_every_answer_carries_hsts_and_the_other_security_headers()
    {
        await using var production = new FanClubWebFactory(Database, "Production");
        // HSTS is never sent to localhost; behind the real proxy the site has a public name.
        var client = new AccountSteps(production, Database).NewClient(baseAddress: new Uri("https://fanclub.example"));

        foreach (var path in new[] { "/", "/account/login", "/no-such-page" })
        {
            using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative));
            var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
            Assert.Contains("max-age=", hsts, StringComparison.Ordinal);
            Assert.DoesNotContain("'unsafe-inline'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task Every_form_on_every_page_carries_an_anti_forgery_token()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var member = await Accounts.SignedInAsync(email);
        var visitor = Accounts.NewClient();
        string[] memberPages = ["/", "/members", "/billing", "/account/manage", "/account/manage/email", "/account/manage/change-password",
            "/account/manage/two-factor", "/account/manage/enable-authenticator", "/account/manage/personal-data"];
        string[] visitorPages = ["/account/login", "/account/register", "/account/forgot-password"];
        var forms = 0;
        foreach (var (client, path) in memberPages.Select(p => (member, p)).Concat(visitorPages.Select(p => (visitor, p))))
        {
            var html = await client.GetStringAsync(path);
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(html, "<form[^>]*method=\"post\"[^>]*>(.*?)</form>",
                System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
            {
                forms++;
                Assert.True(form.Value.Contains("__RequestVerificationToken", StringComparison.Ordinal), $"A form on {path} has no anti-forgery token: {form.Value[..Math.Min(200, form.Value.Length)]}");
            }
        }

        Assert.True(forms >= memberPages.Length, $"only {forms} forms found");
    }

    [Fact]
    public async Task Dev_mail_is_served_in_development()
    {
        using var response = await Accounts.NewClient().Http.GetAsync(new Uri("/dev/mail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/account/manage")]
    [InlineData("/account/manage/personal-data")]
    [InlineData("/members")]
    public async Task Anonymous_visitors_are_sent_to_log_in(string path)
    {
        using var response = await Accounts.NewClient().Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
        Assert.Equal("?ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.Query);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    public async Task Responses_carry_the_security_headers(string path)
    {
        using var response = await Accounts.NewClient().Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        // The subscribe and portal forms redirect to Stripe; a bare 'self' makes the browser refuse.
        Assert.Contains("form-action 'self' https://checkout.stripe.com https://billing.stripe.com", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Cookies_are_protected_with_aes_gcm_keys_kept_in_the_database()
    {
        var keys = Factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        var protector = Factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("a member's session", protector.Unprotect(protector.Protect("a member's session")));

        var current = keys.GetAllKeys().Where(k => !k.IsRevoked && k.ExpirationDate > DateTimeOffset.UtcNow).ToList();
        Assert.NotEmpty(current);
        await using var db = Database.CreateContext();
        var stored = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DataProtectionKeys);
        Assert.All(current, key =>
        {
            // The descriptor as stored: <encryption algorithm="AES_256_GCM" />.
            var encryption = key.Descriptor.ExportToXml().SerializedDescriptorElement.Element("encryption");
            Assert.Equal("AES_256_GCM", encryption?.Attribute("algorithm")?.Value);
            Assert.Contains(stored, row => row.FriendlyName == "key-" + key.KeyId.ToString("D"));
        });
    }
}
