using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Accounts;

/// <summary>Field rules shared by every account form, with messages in the visitor's language.</summary>
public static class AccountRules
{
    public const int MaxEmailLength = 256;
    public const int MaxPasswordLength = 128;
    public const int MaxDisplayNameLength = 80;

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SharedResource> text) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(text["Validation.EmailRequired"])
            .MaximumLength(MaxEmailLength).WithMessage(text["Validation.EmailTooLong", MaxEmailLength])
            .EmailAddress().WithMessage(text["Validation.EmailInvalid"])
            .Must(e => e.All(IsUserNameCharacter)).WithMessage(text["Validation.EmailInvalid"]);

    /// <summary>
    /// The address is also the user name, which Identity limits to these characters (its default
    /// <c>AllowedUserNameCharacters</c>). "EmailAddress()" only checks for one '@', so without this
    /// "&lt;img ...&gt;@example.com" passed: sign-up then failed with Identity's untranslated message
    /// under the password field, and an e-mail change mailed a link to it.
    /// </summary>
    private static bool IsUserNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' or '+';

    public static IRuleBuilderOptions<T, string> NewPassword<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SharedResource> text) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(text["Validation.PasswordRequired"])
            .MinimumLength(AccountsServiceCollectionExtensions.MinimumPasswordLength)
                .WithMessage(text["Validation.PasswordTooShort", AccountsServiceCollectionExtensions.MinimumPasswordLength])
            .MaximumLength(MaxPasswordLength).WithMessage(text["Validation.PasswordTooLong", MaxPasswordLength])
            .Must(p => !CommonPasswords.Contains(p)).WithMessage(text["Validation.PasswordCommon"]);

    public static IRuleBuilderOptions<T, string> CurrentPassword<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SharedResource> text) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(text["Validation.PasswordRequired"])
            .MaximumLength(MaxPasswordLength).WithMessage(text["Validation.PasswordTooLong", MaxPasswordLength]);

    public static IRuleBuilderOptions<T, string> DisplayName<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SharedResource> text) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(text["Validation.NameRequired"])
            .MaximumLength(MaxDisplayNameLength).WithMessage(text["Validation.NameTooLong", MaxDisplayNameLength])
            .Must(n => !n.Any(char.IsControl)).WithMessage(text["Validation.NameInvalid"]);

    public static IRuleBuilderOptions<T, string> AuthenticatorCode<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SharedResource> text) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(text["Validation.CodeRequired"])
            .Must(c => c.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal) is { Length: 6 } digits && digits.All(char.IsAsciiDigit))
                .WithMessage(text["Validation.CodeInvalid"]);
}
