using System.Text.RegularExpressions;
using FluentValidation;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// <c>Partners:Tokens:*</c>: secrets and lifetimes of the access tokens handed to partners.
/// </summary>
/// <remarks>
/// Each edge secret is optional, because a deployment may use nginx, Akamai, both or neither; a
/// secret that is set must be well formed, or the host refuses to start. Asking for a signer whose
/// secret is missing fails with a message naming the setting. Secrets belong in user secrets or the
/// environment (<c>Partners__Tokens__NginxSecret</c>), never in appsettings files.
/// </remarks>
public sealed class PartnerTokenOptions
{
    public const string Section = "Partners:Tokens";

    /// <summary>
    /// The nginx <c>secure_link_md5</c> secret: at least 32 characters of <c>A-Z a-z 0-9 _ -</c>,
    /// so it can be written inside the nginx configuration's quoted string without escaping.
    /// </summary>
    public string? NginxSecret { get; set; }

    /// <summary>The Akamai EdgeAuth token key, as hex (at least 16 bytes), exactly as shown in the Akamai property.</summary>
    public string? AkamaiKey { get; set; }

    /// <summary>Whether the Akamai property escapes early; applies to the token's <c>id</c> and <c>data</c> fields.</summary>
    public bool AkamaiEscapeEarly { get; set; }

    /// <summary>Lifetime of stream URL tokens (nginx and Akamai). The player page renews them while the member stays entitled.</summary>
    public TimeSpan StreamTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of partner JWTs.</summary>
    public TimeSpan JwtLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Folder of the JWT signing keys (relative paths are under the content root). Holds private keys: keep it private.</summary>
    public string JwtKeyFolder { get; set; } = ".data/keys/jwt";

    /// <summary>The JWT <c>iss</c>, which partners check. A stable identifier, usually the site's public URL.</summary>
    public string Issuer { get; set; } = "fanclub";
}

internal sealed partial class PartnerTokenOptionsValidator : AbstractValidator<PartnerTokenOptions>
{
    public PartnerTokenOptionsValidator()
    {
        RuleFor(o => o.NginxSecret)
            .Matches(NginxSecretPattern())
            .When(o => o.NginxSecret is not null)
            .WithMessage($"{PartnerTokenOptions.Section}:NginxSecret must be at least 32 characters of A-Z, a-z, 0-9, '_' or '-'.");
        RuleFor(o => o.AkamaiKey)
            .Matches(HexKeyPattern())
            .When(o => o.AkamaiKey is not null)
            .WithMessage($"{PartnerTokenOptions.Section}:AkamaiKey must be hex, an even number of digits, at least 32 (16 bytes).");
        RuleFor(o => o.StreamTokenLifetime)
            .InclusiveBetween(TimeSpan.FromSeconds(30), TimeSpan.FromHours(24))
            .WithMessage($"{PartnerTokenOptions.Section}:StreamTokenLifetime must be between 00:00:30 and 1.00:00:00.");
        RuleFor(o => o.JwtLifetime)
            .InclusiveBetween(TimeSpan.FromSeconds(30), TimeSpan.FromHours(24))
            .WithMessage($"{PartnerTokenOptions.Section}:JwtLifetime must be between 00:00:30 and 1.00:00:00.");
        RuleFor(o => o.JwtKeyFolder)
            .NotEmpty()
            .WithMessage($"{PartnerTokenOptions.Section}:JwtKeyFolder is required.");
        RuleFor(o => o.Issuer)
            .NotEmpty()
            .WithMessage($"{PartnerTokenOptions.Section}:Issuer is required.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{32,}$")]
    private static partial Regex NginxSecretPattern();

    [GeneratedRegex("^(?:[0-9A-Fa-f]{2}){16,}$")]
    private static partial Regex HexKeyPattern();
}
