using System.Net;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Accounts;

/// <summary>At least 12 characters, and none of the passwords a credential-stuffing bot tries first.</summary>
public sealed class PasswordPolicyTests(WebAppFixture fixture, ITestOutputHelper output) : WebTest(fixture)
{
    private static readonly string ListFile = RepositoryFiles.PathOf("src", "FanClub.Web", "Accounts", "CommonPasswords", "common-passwords.txt");

    [Fact]
    public void The_shipped_list_is_the_one_the_app_loads_with_its_source_and_licence()
    {
        var lines = File.ReadAllLines(ListFile);

        Assert.True(lines.Length > 40_000, $"{lines.Length} entries");
        Assert.All(lines, l => Assert.True(l.Length >= AccountsServiceCollectionExtensions.MinimumPasswordLength, l));
        Assert.Equal(lines.Distinct(StringComparer.OrdinalIgnoreCase).Count(), CommonPasswords.Count);
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ListFile)!, "README.md"));
        Assert.Contains("SecLists", readme, StringComparison.Ordinal);
        Assert.Contains("Attribution-ShareAlike", readme, StringComparison.Ordinal);
        output.WriteLine($"{CommonPasswords.Count} common passwords of 12+ characters refused");
    }

    [Theory]
    [InlineData("passwordpassword")]
    [InlineData("QWERTYUIOPASDFGHJKL")]
    [InlineData("1qaz2wsx3edc")]
    public async Task Registering_with_a_common_password_is_refused_with_a_message(string password)
    {
        using var response = await AccountSteps.RegisterAsync(Accounts.NewClient(), AccountSteps.NewEmail(), password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Accounts.Text("Validation.PasswordCommon"), Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(0, await Database.CountAsync("AspNetUsers"));
    }

    [Fact]
    public async Task Identity_itself_refuses_a_common_password_whatever_path_sets_it()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var email = AccountSteps.NewEmail();

        var common = await users.CreateAsync(new FanClubUser { UserName = email, Email = email, DisplayName = "X" }, "LeaveMeAlone");
        var passphrase = await users.CreateAsync(new FanClubUser { UserName = email, Email = email, DisplayName = "X" }, AccountSteps.Password);

        Assert.Contains(common.Errors, e => e.Code == CommonPasswordValidator<FanClubUser>.Code);
        Assert.True(passphrase.Succeeded);
    }
}
