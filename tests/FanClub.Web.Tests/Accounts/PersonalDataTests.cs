using System.Net;
using System.Text.Json;
using FanClub.Testing;

namespace FanClub.Web.Tests.Accounts;

public sealed class PersonalDataTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Download_returns_json_with_the_address_and_the_display_name()
    {
        var email = await Accounts.ConfirmedMemberAsync(displayName: "Dana Download");
        var client = await Accounts.SignedInAsync(email);

        using var response = await client.SubmitAsync("/account/manage/personal-data", new Dictionary<string, string>(), handler: "Download");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(email, json.RootElement.GetProperty("email").GetString());
        Assert.Equal("Dana Download", json.RootElement.GetProperty("displayName").GetString());
        Assert.DoesNotContain("passwordHash", json.RootElement.EnumerateObject().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Delete_with_the_wrong_password_keeps_the_account()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var client = await Accounts.SignedInAsync(email);

        using var response = await DeleteAsync(client, "not the password at all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Accounts.Text("Manage.WrongPassword")], Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.NotNull(await Accounts.FindUserAsync(email));
    }

    [Fact]
    public async Task Delete_with_the_right_password_removes_the_account_and_signs_out()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var client = await Accounts.SignedInAsync(email);

        using var response = await DeleteAsync(client, AccountSteps.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Null(await Accounts.FindUserAsync(email));
        Assert.Equal(0, await Database.CountAsync("AspNetUserRoles"));
        Assert.NotNull(AccountSteps.SetCookieHeader(response, AccountSteps.AuthCookie));
        Assert.False(AccountSteps.SetsCookie(response, AccountSteps.AuthCookie), "The auth cookie was not cleared.");
        using var after = await client.Http.GetAsync(new Uri("/account/manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    internal static Task<HttpResponseMessage> DeleteAsync(FormClient client, string password) =>
        client.SubmitAsync("/account/manage/personal-data", new Dictionary<string, string> { ["Input.Password"] = password }, handler: "Delete");
}
