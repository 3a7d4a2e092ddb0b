using System.Net;
using FanClub.Testing;
using FanClub.Web.Seeding;
using Microsoft.Extensions.Hosting;

namespace FanClub.Web.Tests.Hosting;

public sealed class HealthTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200_with_the_database_up(string path)
    {
        using var response = await Accounts.NewClient().Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_503_and_live_200_when_the_database_is_unreachable()
    {
        await using var host = new FanClubWebFactory(Database)
        {
            // The start-up seeder needs the database and stops a boot without it, as it should; this
            // is the database going away while the site runs, so the host starts without it.
            ConfigureServices = services =>
            {
                foreach (var seeder in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(StartupSeeder)).ToList())
                {
                    services.Remove(seeder);
                }
            },
        };
        host.Settings["ConnectionStrings:FanClub"] = "Server=127.0.0.1;Port=1;Database=fanclub;User=nobody;Password=nothing;Connection Timeout=5";
        using var client = host.CreateClient();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
