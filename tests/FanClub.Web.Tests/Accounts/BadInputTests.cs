using System.Net;
using System.Text.Json;
using FanClub.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Accounts;

/// <summary>
/// Every account form, fed what attackers and clumsy fingers send: the answer is the form again
/// with a message saying what is wrong (never a server error), and the database and the outbox
/// are exactly as before.
/// </summary>
public sealed class BadInputTests(WebAppFixture fixture, ITestOutputHelper output) : WebTest(fixture)
{
    private const string NewPassword = "a brand new passphrase";

    public static TheoryData<string> Forms =>
    [
        "register", "login", "forgot-password", "reset-password", "manage-profile", "change-password",
        "change-email", "enable-authenticator", "login-with-2fa", "login-with-recovery-code", "delete-account",
    ];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Bad_input_gets_an_error_message_and_stores_nothing(string form)
    {
        var target = await PrepareAsync(form);
        var before = await SnapshotAsync();
        var failures = new List<string>();

        foreach (var bad in target.Cases)
        {
            var fields = new Dictionary<string, string>(target.Valid);
            foreach (var (field, value) in bad.Changes)
            {
                fields[field] = value;
            }

            using var response = await target.Client.SubmitAsync(target.Page, fields, handler: target.Handler);
            var html = await response.Content.ReadAsStringAsync();
            if (bad.RefusedBeforeThePage)
            {
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"{bad.Name}: status {(int)response.StatusCode}, expected 400");
                }
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{bad.Name}: status {(int)response.StatusCode}");
            }
            else if (Html.Errors(html).Count == 0)
            {
                failures.Add($"{bad.Name}: no error message on the page");
            }

            if (AccountSteps.SetsCookie(response, AccountSteps.AuthCookie))
            {
                failures.Add($"{bad.Name}: signed in");
            }

            if (await SnapshotAsync() != before)
            {
                failures.Add($"{bad.Name}: stored data changed");
                before = await SnapshotAsync(); // so the next case is judged on its own

            }
        }

        output.WriteLine($"{form}: {target.Cases.Count} bad inputs sent, {target.Cases.Count - failures.Count} refused with a message and nothing stored");
        Assert.True(failures.Count == 0, $"{form}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_valid_registration_used_as_the_baseline_above_does_register()
    {
        // Proves the cases above fail for the one field they spoil, not for the rest of the form.
        var target = await PrepareAsync("register");
        using var response = await target.Client.SubmitAsync(target.Page, new Dictionary<string, string>(target.Valid));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await Database.CountAsync("AspNetUsers"));
    }

    /// <summary>Users (what a form could change), their tokens (authenticator key, recovery codes) and the mail sent.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = Database.CreateContext();
        // AccessFailedCount and LockoutEnd are left out: counting failed attempts is the brute-force
        // protection doing its job, not the bad input being stored.
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.Email, u.UserName, u.DisplayName, u.PasswordHash, u.SecurityStamp, u.EmailConfirmed, u.TwoFactorEnabled })
            .ToListAsync();
        var tokens = await db.UserTokens.AsNoTracking().OrderBy(t => t.UserId).ThenBy(t => t.Name)
            .Select(t => new { t.UserId, t.Name, t.Value }).ToListAsync();
        return JsonSerializer.Serialize(new { users, tokens, mails = Factory.Outbox.List().Count });
    }

    private async Task<FormUnderTest> PrepareAsync(string form)
    {
        switch (form)
        {
            case "register":
                return new(Accounts.NewClient(), "/account/register", null,
                    Fields(("Input.DisplayName", "Valid Name"), ("Input.Email", AccountSteps.NewEmail()),
                        ("Input.Password", AccountSteps.Password), ("Input.ConfirmPassword", AccountSteps.Password)),
                    [.. DisplayNameCases("Input.DisplayName"), .. EmailCases("Input.Email"), .. NewPasswordCases("Input.Password", "Input.ConfirmPassword")]);

            case "login":
            {
                var email = await Accounts.ConfirmedMemberAsync();
                return new(Accounts.NewClient(), "/account/login", null,
                    Fields(("Input.Email", email), ("Input.Password", AccountSteps.Password)),
                    [.. EmailCases("Input.Email"), Case("empty password", "Input.Password", ""), Case("5000-character password", "Input.Password", new string('p', 5000))]);
            }

            case "forgot-password":
            {
                var email = await Accounts.ConfirmedMemberAsync();
                return new(Accounts.NewClient(), "/account/forgot-password", null, Fields(("Input.Email", email)), [.. EmailCases("Input.Email")]);
            }

            case "reset-password":
            {
                var email = await Accounts.ConfirmedMemberAsync();
                var client = Accounts.NewClient();
                var mail = await Accounts.SingleMailDuringAsync(email, async () =>
                {
                    using var _ = await client.SubmitAsync("/account/forgot-password", Fields(("Input.Email", email)));
                });
                var link = AccountSteps.LinkIn(mail);
                var code = Uri.UnescapeDataString(link[(link.IndexOf("code=", StringComparison.Ordinal) + 5)..]);
                return new(client, link, null,
                    Fields(("Input.Email", email), ("Input.Password", NewPassword), ("Input.ConfirmPassword", NewPassword), ("Input.Code", code)),
                    [
                        .. EmailCases("Input.Email"), .. NewPasswordCases("Input.Password", "Input.ConfirmPassword"),
                        Case("empty code", "Input.Code", ""),
                        Case("SQL as the code", "Input.Code", "' OR '1'='1' --"),
                        Case("5000-character code", "Input.Code", new string('A', 5000)),
                    ]);
            }

            case "manage-profile":
                return new(await SignedInMemberAsync(), "/account/manage", null, Fields(("Input.DisplayName", "Valid Name")), [.. DisplayNameCases("Input.DisplayName")]);

            case "change-password":
                return new(await SignedInMemberAsync(), "/account/manage/change-password", null,
                    Fields(("Input.CurrentPassword", AccountSteps.Password), ("Input.NewPassword", NewPassword), ("Input.ConfirmPassword", NewPassword)),
                    [
                        Case("empty current password", "Input.CurrentPassword", ""),
                        Case("5000-character current password", "Input.CurrentPassword", new string('p', 5000)),
                        Case("wrong current password", "Input.CurrentPassword", "not the password at all"),
                        .. NewPasswordCases("Input.NewPassword", "Input.ConfirmPassword"),
                        new("password of one repeated letter", Fields(("Input.NewPassword", "aaaaaaaaaaaaaaaa"), ("Input.ConfirmPassword", "aaaaaaaaaaaaaaaa"))),
                    ]);

            case "change-email":
            {
                var email = await Accounts.ConfirmedMemberAsync();
                return new(await Accounts.SignedInAsync(email), "/account/manage/email", null,
                    Fields(("Input.Email", AccountSteps.NewEmail("changed"))),
                    [.. EmailCases("Input.Email"), Case("the current address", "Input.Email", email)]);
            }

            case "enable-authenticator":
            {
                var client = await SignedInMemberAsync();
                // The first visit creates the key; what follows must change nothing.
                _ = await client.GetStringAsync("/account/manage/enable-authenticator");
                return new(client, "/account/manage/enable-authenticator", null, Fields(("Input.Code", "000000")), [.. CodeCases("Input.Code")]);
            }

            case "login-with-2fa":
            {
                var (client, _, _, _) = await Accounts.AwaitingSecondFactorAsync();
                return new(client, "/account/login-with2fa", null, Fields(("Input.Code", "000000")), [.. CodeCases("Input.Code")]);
            }

            case "login-with-recovery-code":
            {
                var (client, _, _, _) = await Accounts.AwaitingSecondFactorAsync();
                return new(client, "/account/login-with-recovery-code", null, Fields(("Input.RecoveryCode", "x")),
                [
                    Case("empty code", "Input.RecoveryCode", ""),
                    Case("300-character code", "Input.RecoveryCode", new string('7', 300)),
                    Case("5000-character code", "Input.RecoveryCode", new string('7', 5000)),
                    Case("control characters", "Input.RecoveryCode", "\u0007\u001b[2J"),
                    Nul("NUL", "Input.RecoveryCode", "\u0000"),
                    Case("HTML", "Input.RecoveryCode", "<script>alert('x')</script>"),
                    Case("SQL", "Input.RecoveryCode", "' OR '1'='1' --"),
                ]);
            }

            case "delete-account":
                return new(await SignedInMemberAsync(), "/account/manage/personal-data", "Delete", Fields(("Input.Password", AccountSteps.Password)),
                [
                    Case("empty password", "Input.Password", ""),
                    Case("5000-character password", "Input.Password", new string('p', 5000)),
                    Case("wrong password", "Input.Password", "not the password at all"),
                    Case("SQL as the password", "Input.Password", "' OR '1'='1' --"),
                ]);

            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "No such form.");
        }
    }

    private async Task<FormClient> SignedInMemberAsync() => await Accounts.SignedInAsync(await Accounts.ConfirmedMemberAsync());

    private static IEnumerable<BadInput> EmailCases(string field) =>
    [
        Case("empty e-mail", field, ""),
        Case("blank e-mail", field, "   "),
        Case("300-character e-mail", field, new string('a', 300) + "@example.com"),
        Case("e-mail without @", field, "not-an-email"),
        Case("e-mail with two @", field, "a@b@example.com"),
        Case("e-mail with a header injection", field, "victim@example.com\r\nBcc: everyone@example.com"),
        Case("e-mail with a bell character", field, "a\u0007b@example.com"),
        Nul("e-mail with a NUL", field, "a\u0000b@example.com"),
        Case("HTML as the e-mail", field, "<script>alert('x')</script>"),
        Case("HTML before the @", field, "<img src=x onerror=alert(1)>@example.com"),
        Case("SQL as the e-mail", field, "' OR '1'='1' --"),
        Case("SQL before the @", field, "x'; DROP TABLE AspNetUsers; --@example.com"),
    ];

    private static IEnumerable<BadInput> NewPasswordCases(string field, string confirmation) =>
    [
        new("empty password", Fields((field, ""), (confirmation, ""))),
        new("short password", Fields((field, "short"), (confirmation, "short"))),
        new("5000-character password", Fields((field, new string('p', 5000)), (confirmation, new string('p', 5000)))),
        Case("confirmation differs", confirmation, "something else entirely"),
        new("common password", Fields((field, "passwordpassword"), (confirmation, "passwordpassword"))),
        new("common password in capitals", Fields((field, "QWERTYUIOPASDFGHJKL"), (confirmation, "QWERTYUIOPASDFGHJKL"))),
    ];

    private static IEnumerable<BadInput> DisplayNameCases(string field) =>
    [
        Case("empty name", field, ""),
        Case("blank name", field, "    "),
        Case("300-character name", field, new string('n', 300)),
        Case("name with a bell character", field, "Bad\u0007Name"),
        Nul("name with a NUL", field, "Bad\u0000Name"),
        Case("name with a line break", field, "Two\r\nLines"),
        Case("name with an escape sequence", field, "\u001b[31mRed"),
    ];

    private static IEnumerable<BadInput> CodeCases(string field) =>
    [
        Case("empty code", field, ""),
        Case("five digits", field, "12345"),
        Case("seven digits", field, "1234567"),
        Case("letters", field, "abcdef"),
        Case("300 digits", field, new string('1', 300)),
        Case("bell character inside", field, "123\u0007456"),
        Nul("NUL inside", field, "123\u0000456"),
        Case("HTML", field, "<script>alert('x')</script>"),
        Case("SQL", field, "' OR '1'='1' --"),
    ];

    private static BadInput Case(string name, string field, string value) => new(name, Fields((field, value)));

    /// <summary>
    /// A NUL byte never reaches the page: ASP.NET Core's form reader refuses to decode "%00" and the
    /// request ends in 400 (no browser sends one from a text field). Still never a 5xx, and nothing stored.
    /// </summary>
    private static BadInput Nul(string name, string field, string value) => new(name, Fields((field, value)), RefusedBeforeThePage: true);

    private static Dictionary<string, string> Fields(params (string Field, string Value)[] fields) =>
        fields.ToDictionary(f => f.Field, f => f.Value, StringComparer.Ordinal);

    private sealed record BadInput(string Name, IReadOnlyDictionary<string, string> Changes, bool RefusedBeforeThePage = false);

    private sealed record FormUnderTest(FormClient Client, string Page, string? Handler, IReadOnlyDictionary<string, string> Valid, IReadOnlyList<BadInput> Cases);
}
