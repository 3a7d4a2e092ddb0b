using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Accounts;

/// <summary>A person with a FanClub account. The id doubles as the member id across the platform.</summary>
public sealed class FanClubUser : IdentityUser<Guid>
{
    [PersonalData]
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Language for e-mails: the one the member used when they last acted on their account.</summary>
    [PersonalData]
    public string PreferredCulture { get; set; } = "en";

    [PersonalData]
    public DateTimeOffset CreatedAt { get; set; }
}
