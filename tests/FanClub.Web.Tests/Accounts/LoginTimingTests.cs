using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// No account enumeration by timing: a wrong password for a real account, an unknown address and a
/// locked account all cost one password hash, so their refusals take about as long.
/// </summary>
public sealed class LoginTimingTests(WebAppFixture fixture, ITestOutputHelper output) : WebTest(fixture)
{
    private const int Samples = 7;

    [Fact]
    public async Task Unknown_locked_and_real_accounts_are_refused_in_about_the_same_time()
    {
        var real = await Accounts.ConfirmedMemberAsync();
        var locked = await Accounts.ConfirmedMemberAsync();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Web.Accounts.FanClubUser>>();
            var user = await users.FindByEmailAsync(locked);
            await users.SetLockoutEndDateAsync(user!, Factory.Clock.GetUtcNow().AddMinutes(15));
        }

        // Warm-up, then samples interleaved so that load from other tests falls on all three alike.
        await TimeAsync(AccountSteps.NewEmail("warmup"));
        var times = new Dictionary<string, List<double>> { ["real"] = [], ["unknown"] = [], ["locked"] = [] };
        for (var i = 0; i < Samples; i++)
        {
            times["real"].Add(await TimeAsync(real));
            times["unknown"].Add(await TimeAsync(AccountSteps.NewEmail("nobody")));
            times["locked"].Add(await TimeAsync(locked));
        }

        var medians = times.ToDictionary(t => t.Key, t => t.Value.Order().ElementAt(Samples / 2));
        output.WriteLine("median refusal time (ms): " + string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:0}")));
        var fastest = medians.Values.Min();
        var slowest = medians.Values.Max();
        // Without the equalizer an unknown or locked address answers in a few ms against ~100+ for a hash.
        Assert.True(fastest >= slowest * 0.4, "refusal times differ enough to tell accounts apart: " + string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:0} ms")));
    }

    private async Task<double> TimeAsync(string email)
    {
        var clock = Stopwatch.StartNew();
        using var response = await AccountSteps.LogInAsync(Accounts.NewClient(), email, "a wrong but long password");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Accounts.Text("Login.Failed"), Html.Errors(await response.Content.ReadAsStringAsync()));
        return clock.Elapsed.TotalMilliseconds;
    }
}
