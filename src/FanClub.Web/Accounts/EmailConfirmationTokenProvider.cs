using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Accounts;

/// <summary>
/// Confirmation links live three days (people open mail late); password-reset tokens stay on the
/// default provider, limited to one hour.
/// </summary>
public sealed class EmailConfirmationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<EmailConfirmationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<FanClubUser>> logger,
    TimeProvider clock)
    : ClockedTokenProvider<FanClubUser>(dataProtectionProvider, options, logger, clock)
{
    public const string ProviderName = "EmailConfirmation";
}

public sealed class EmailConfirmationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public EmailConfirmationTokenProviderOptions()
    {
        Name = EmailConfirmationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(3);
    }
}
