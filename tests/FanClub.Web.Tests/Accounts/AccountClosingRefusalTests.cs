using System.Net;
using FanClub.Domain.Members;
using FanClub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// A capability that cannot settle (billing failing to cancel a subscription, say) keeps the
/// account. Runs a host of its own with a refusing <see cref="IMemberAccountClosing"/>, on the
/// same database.
/// </summary>
public sealed class AccountClosingRefusalTests(WebAppFixture fixture) : WebTest(fixture)
{
    private const string Reason = "Your subscription could not be cancelled yet; try again tomorrow.";

    private readonly FanClubWebFactory _refusingHost = new(fixture.Database)
    {
        ConfigureServices = services => services.AddScoped<IMemberAccountClosing, RefusingClosing>(),
    };

    [Fact]
    public async Task A_refusal_keeps_the_account_and_shows_the_reason()
    {
        var steps = new AccountSteps(_refusingHost, Database);
        var email = await steps.ConfirmedMemberAsync();
        var client = await steps.SignedInAsync(email);

        using var response = await PersonalDataTests.DeleteAsync(client, AccountSteps.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Reason], Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.NotNull(await steps.FindUserAsync(email));
        using var stillIn = await client.Http.GetAsync(new Uri("/account/manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    public override async Task DisposeAsync() => await _refusingHost.DisposeAsync();

    private sealed class RefusingClosing : IMemberAccountClosing
    {
        public Task<string?> PrepareClosingAsync(Guid memberId, CancellationToken cancellationToken) => Task.FromResult<string?>(Reason);
    }
}
