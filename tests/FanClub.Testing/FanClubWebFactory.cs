using FanClub.Web.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Testing;

/// <summary>
/// The real web host, on the test database, with a private mail outbox and a clock the test
/// controls. Everything else (Identity, EF Core, Pomelo, MariaDB) is what production runs.
/// </summary>
public class FanClubWebFactory(TestDatabase database, string environment = "Development") : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    public string OutboxFolder { get; } = Path.Combine(Path.GetTempPath(), "fanclub-mail-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts at the real time so cookies and tokens look normal; tests move it forward.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Extra settings a test class wants (key, value), applied over the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>
    /// Whether the site's real rate limits apply. Off by default: the suite signs in hundreds of
    /// times from one address, so other tests get limits they never reach (still on, still
    /// partitioned). The rate-limiting tests turn it on to prove the defaults.
    /// </summary>
    public bool ProductionRateLimits { get; init; }

    /// <summary>Extra service registrations for a test class, applied last.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public IEmailOutbox Outbox => Services.GetRequiredService<IEmailOutbox>();

    /// <summary>Every log line the host writes (Information and above).</summary>
    public LogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:FanClub", Database.ConnectionString);
        builder.UseSetting("Email:OutboxPath", OutboxFolder);
        builder.UseSetting("Demo:Seed", "false");
        if (!ProductionRateLimits)
        {
            foreach (var operation in new[] { "LogIn", "Registration", "PasswordReset", "Checkout" })
            {
                builder.UseSetting($"RateLimiting:{operation}:PerIp:PermitLimit", "1000000");
                builder.UseSetting($"RateLimiting:{operation}:PerAccount:PermitLimit", "1000000");
            }
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(OutboxFolder))
        {
            Directory.Delete(OutboxFolder, recursive: true);
        }
    }
}
