using System.Text.Encodings.Web;
using FanClub.Web.Email;
using FanClub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Accounts;

/// <summary>The mails an account sends, written in the language of the request that caused them.</summary>
public sealed class AccountEmails(IEmailSender sender, IStringLocalizer<SharedResource> text)
{
    public Task SendConfirmationAsync(string to, string link, CancellationToken ct) =>
        SendAsync(to, "Email.Confirm.Subject", "Email.Confirm.Body", "Email.Confirm.Action", link, ct);

    public Task SendPasswordResetAsync(string to, string link, CancellationToken ct) =>
        SendAsync(to, "Email.Reset.Subject", "Email.Reset.Body", "Email.Reset.Action", link, ct);

    public Task SendEmailChangeAsync(string to, string link, CancellationToken ct) =>
        SendAsync(to, "Email.Change.Subject", "Email.Change.Body", "Email.Change.Action", link, ct);

    /// <summary>
    /// Someone tried to register an address that already has an account. The page says the same as
    /// for a new address (no enumeration); the owner learns here, with a way back in.
    /// </summary>
    public Task SendAlreadyRegisteredAsync(string to, string link, CancellationToken ct) =>
        SendAsync(to, "Email.Exists.Subject", "Email.Exists.Body", "Email.Exists.Action", link, ct);

    private Task SendAsync(string to, string subjectKey, string bodyKey, string actionKey, string link, CancellationToken ct)
    {
        var subject = text[subjectKey].Value;
        var body = text[bodyKey].Value;
        var action = text[actionKey].Value;
        var footer = text["Email.Footer"].Value;
        var textBody = $"{body}\n\n{action}: {link}\n\n{footer}\n";
        var encode = HtmlEncoder.Default;
        var htmlBody =
            $"<p>{encode.Encode(body)}</p><p><a href=\"{encode.Encode(link)}\">{encode.Encode(action)}</a></p><p><small>{encode.Encode(footer)}</small></p>";
        return sender.SendAsync(new EmailMessage(to, subject, textBody, htmlBody), ct);
    }
}
