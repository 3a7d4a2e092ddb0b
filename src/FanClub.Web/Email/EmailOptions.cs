using System.ComponentModel.DataAnnotations;

namespace FanClub.Web.Email;

/// <summary><c>Email:*</c>. With no <c>Email:Smtp:Host</c>, mail goes to the file outbox at <see cref="OutboxPath"/>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string From { get; set; } = "FanClub <no-reply@fanclub.local>";

    /// <summary>Folder of the development outbox (relative paths are under the content root).</summary>
    [Required]
    public string OutboxPath { get; set; } = ".data/mail";

    public SmtpOptions Smtp { get; set; } = new();

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>STARTTLS on a submission port; turn off only for a local relay.</summary>
    public bool UseStartTls { get; set; } = true;
}
