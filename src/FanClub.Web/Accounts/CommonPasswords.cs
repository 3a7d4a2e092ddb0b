using System.Reflection;

namespace FanClub.Web.Accounts;

/// <summary>
/// Passwords attackers try first (the shipped list, <c>Accounts/CommonPasswords/README.md</c>): a
/// credential-stuffing bot's dictionary starts with them, so a new password may not be one,
/// whatever its length. Loaded once, on first use.
/// </summary>
public static class CommonPasswords
{
    private const string ResourceName = "FanClub.Web.Accounts.CommonPasswords.common-passwords.txt";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => List.Value.Count;

    /// <summary>Whether <paramref name="password"/> is on the list, ignoring case.</summary>
    public static bool Contains(string? password) => !string.IsNullOrEmpty(password) && List.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The common-password list ({ResourceName}) is not embedded.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}

/// <summary>The same rule for every way a password is set (forms, seeding, admin commands), in Identity's terms.</summary>
public sealed class CommonPasswordValidator<TUser> : Microsoft.AspNetCore.Identity.IPasswordValidator<TUser>
    where TUser : class
{
    public const string Code = "CommonPassword";

    public Task<Microsoft.AspNetCore.Identity.IdentityResult> ValidateAsync(Microsoft.AspNetCore.Identity.UserManager<TUser> manager, TUser user, string? password) =>
        Task.FromResult(CommonPasswords.Contains(password)
            ? Microsoft.AspNetCore.Identity.IdentityResult.Failed(new Microsoft.AspNetCore.Identity.IdentityError
            {
                Code = Code,
                Description = "This password is on the list of passwords attackers try first; choose another.",
            })
            : Microsoft.AspNetCore.Identity.IdentityResult.Success);
}
