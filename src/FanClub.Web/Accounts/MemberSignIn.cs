namespace FanClub.Web.Accounts;

/// <summary>
/// A successful sign-in, for the member's timeline in the admin console. Only when and how: no IP
/// address or browser, which the timeline does not need and the member would have to be told about.
/// </summary>
public sealed class MemberSignIn
{
    public const string Password = "password";
    public const string TwoFactor = "two_factor";
    public const string RecoveryCode = "recovery_code";

    public long Id { get; set; }

    public Guid MemberId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary><see cref="Password"/>, <see cref="TwoFactor"/> or <see cref="RecoveryCode"/>.</summary>
    public string Method { get; set; } = Password;
}
