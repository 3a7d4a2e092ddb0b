namespace FanClub.Web.Email;

/// <summary>One e-mail to one recipient, already rendered in the recipient's language.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>Sends mail: SMTP in production, a file outbox on a developer machine and in tests.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
