namespace FanClub.Web.RateLimiting;

/// <summary>The operations an attacker would repeat: guessing passwords, mass sign-ups, mail floods, card testing.</summary>
public enum RateLimitedOperation
{
    LogIn,
    Registration,
    PasswordReset,
    Checkout,
}

/// <summary>
/// Marks a page whose form posts count against <see cref="RateLimitingOptions"/>; its GETs are free.
/// <see cref="AccountField"/> names the form field that identifies the account (the e-mail);
/// without one, the account is the signed-in member, and an anonymous post is limited per IP only.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RateLimitedAttribute(RateLimitedOperation operation) : Attribute
{
    public RateLimitedOperation Operation { get; } = operation;

    public string? AccountField { get; init; }
}
