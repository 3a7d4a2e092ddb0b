using System.Globalization;
using System.Net;
using FanClub.Testing;
using FanClub.Web.RateLimiting;
using FanClub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Tests.RateLimiting;

/// <summary>
/// The site with its real, default rate limits (the shared test host raises them), on its own
/// database. Each test uses its own addresses and accounts: limiter state outlives a test.
/// </summary>
public sealed class RateLimitFixture : IAsyncLifetime
{
    /// <summary>Lets a test pose as a client address, as a proxy-free Kestrel would see it.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    private TestDatabase? _database;
    private FanClubWebFactory? _factory;

    public FanClubWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not started.");

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ratelimit");
        _factory = new FanClubWebFactory(_database)
        {
            ProductionRateLimits = true,
            ConfigureServices = services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>(),
        };
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class RateLimitingTests(RateLimitFixture fixture) : IClassFixture<RateLimitFixture>
{
    private static readonly RateLimitingOptions Defaults = new();

    private AccountSteps Accounts => new(fixture.Factory, fixture.Database);

    [Fact]
    public void The_host_runs_the_documented_defaults()
    {
        var limits = fixture.Factory.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        Assert.True(limits.Enabled);
        Assert.Equal((20, TimeSpan.FromMinutes(1)), (limits.LogIn.PerIp.PermitLimit, limits.LogIn.PerIp.Window));
        Assert.Equal((10, TimeSpan.FromMinutes(15)), (limits.LogIn.PerAccount.PermitLimit, limits.LogIn.PerAccount.Window));
        Assert.Equal((3, TimeSpan.FromHours(1)), (limits.Registration.PerAccount.PermitLimit, limits.Registration.PerAccount.Window));
        Assert.Equal((3, TimeSpan.FromHours(1)), (limits.PasswordReset.PerAccount.PermitLimit, limits.PasswordReset.PerAccount.Window));
        Assert.Equal((10, TimeSpan.FromMinutes(10)), (limits.Checkout.PerAccount.PermitLimit, limits.Checkout.PerAccount.Window));
    }

    [Fact]
    public async Task One_account_tried_from_many_addresses_is_paused_with_429_and_retry_after()
    {
        var target = AccountSteps.NewEmail("stuffed");
        var network = NewNetwork();
        for (var attempt = 1; attempt <= Defaults.LogIn.PerAccount.PermitLimit; attempt++)
        {
            using var allowed = await LogInAsync(Client($"{network}.{attempt}"), target);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await LogInAsync(Client($"{network}.200"), target);
        await AssertPausedAsync(refused, Defaults.LogIn);

        // Another account from the same fresh address is untouched, and the form itself still loads.
        var bystander = Client($"{network}.200");
        using var other = await LogInAsync(bystander, AccountSteps.NewEmail("bystander"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var form = await bystander.Http.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_paused_and_other_addresses_are_not()
    {
        var network = NewNetwork();
        var attacker = Client($"{network}.66");
        for (var attempt = 1; attempt <= Defaults.LogIn.PerIp.PermitLimit; attempt++)
        {
            using var allowed = await LogInAsync(attacker, AccountSteps.NewEmail("list"));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await LogInAsync(attacker, AccountSteps.NewEmail("list"));
        await AssertPausedAsync(refused, Defaults.LogIn);

        using var neighbour = await LogInAsync(Client($"{network}.67"), AccountSteps.NewEmail("neighbour"));
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
    }

    [Fact]
    public async Task A_real_member_still_signs_in_below_the_limit()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var client = Client($"{NewNetwork()}.1");
        using var wrong = await LogInAsync(client, email, "not the password at all");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        using var right = await LogInAsync(client, email, AccountSteps.Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.True(AccountSteps.SetsCookie(right, AccountSteps.AuthCookie));
    }

    [Fact]
    public async Task Registering_one_address_again_and_again_is_paused()
    {
        var email = AccountSteps.NewEmail("signup");
        var network = NewNetwork();
        for (var attempt = 1; attempt <= Defaults.Registration.PerAccount.PermitLimit; attempt++)
        {
            using var allowed = await AccountSteps.RegisterAsync(Client($"{network}.{attempt}"), email);
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        using var refused = await AccountSteps.RegisterAsync(Client($"{network}.100"), email);
        await AssertPausedAsync(refused, Defaults.Registration);
    }

    [Fact]
    public async Task Asking_for_reset_links_to_one_address_is_paused()
    {
        var email = AccountSteps.NewEmail("reset");
        var network = NewNetwork();
        for (var attempt = 1; attempt <= Defaults.PasswordReset.PerAccount.PermitLimit; attempt++)
        {
            using var allowed = await ForgotAsync(Client($"{network}.{attempt}"), email);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await ForgotAsync(Client($"{network}.100"), email.ToUpperInvariant());
        await AssertPausedAsync(refused, Defaults.PasswordReset);
    }

    [Fact]
    public async Task Checkout_attempts_of_one_member_are_paused_before_reaching_the_payment_service()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var network = NewNetwork();
        var member = Client($"{network}.1");
        using (var login = await LogInAsync(member, email, AccountSteps.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        for (var attempt = 1; attempt <= Defaults.Checkout.PerAccount.PermitLimit; attempt++)
        {
            using var allowed = await SubscribeAsync(member);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await SubscribeAsync(member);
        await AssertPausedAsync(refused, Defaults.Checkout);
    }

    [Theory]
    [InlineData("RateLimiting:LogIn:PerIp:PermitLimit", "0", "RateLimiting:LogIn:PerIp:PermitLimit must be between 1")]
    [InlineData("RateLimiting:Checkout:PerAccount:Window", "00:00:00", "RateLimiting:Checkout:PerAccount:Window must be between")]
    public async Task A_malformed_limit_stops_the_host_at_start_up_naming_the_key(string key, string value, string message)
    {
        await using var host = new FanClubWebFactory(fixture.Database) { ProductionRateLimits = true };
        host.Settings[key] = value;
        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static string NewNetwork() => $"10.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    private FormClient Client(string address)
    {
        var http = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add(RateLimitFixture.ClientAddressHeader, address);
        return new FormClient(http);
    }

    private static Task<HttpResponseMessage> LogInAsync(FormClient client, string email, string password = "a wrong but long password") =>
        AccountSteps.LogInAsync(client, email, password);

    private static Task<HttpResponseMessage> ForgotAsync(FormClient client, string email) =>
        client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

    private static async Task<HttpResponseMessage> SubscribeAsync(FormClient client)
    {
        // The limiter answers before anti-forgery and the page run: a bare post counts like a real one.
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["interval"] = "Month" });
        return await client.Http.PostAsync(new Uri("/billing/subscribe?tier=gold", UriKind.Relative), content);
    }

    private async Task AssertPausedAsync(HttpResponseMessage response, OperationLimits limits)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "A 429 without Retry-After.");
        var seconds = int.Parse(Assert.Single(values), NumberStyles.None, CultureInfo.InvariantCulture);
        var longest = Math.Max(limits.PerIp.Window.TotalSeconds, limits.PerAccount.Window.TotalSeconds);
        Assert.InRange(seconds, 1, (int)longest);
        var page = Html.MainText(await response.Content.ReadAsStringAsync());
        Assert.Contains(Accounts.Text("Error.TooManyRequests"), page, StringComparison.Ordinal);
    }
}
