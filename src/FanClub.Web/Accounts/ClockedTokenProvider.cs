using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Accounts;

/// <summary>
/// Identity's data-protected tokens (password reset, e-mail change, confirmation) with their lifetime
/// measured on the injected <see cref="TimeProvider"/>. Identity's own provider reads the system
/// clock (still so in .NET 10), so "valid one hour" followed a different clock from cookies and
/// security stamps, and nothing could check it. The payload keeps Identity's layout (creation ticks,
/// user id, purpose, security stamp), so links mailed before this provider existed still work.
/// </summary>
public class ClockedTokenProvider<TUser>(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<DataProtectionTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<TUser>> logger,
    TimeProvider clock)
    : DataProtectorTokenProvider<TUser>(dataProtectionProvider, options, logger)
    where TUser : class
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override async Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var userId = await manager.GetUserIdAsync(user);
        var stamp = manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) : null;
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Utf8, leaveOpen: true))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(userId);
            writer.Write(purpose ?? string.Empty);
            writer.Write(stamp ?? string.Empty);
        }

        return Convert.ToBase64String(Protector.Protect(payload.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        if (!TryReadCreationTime(token, out var created) || created + Options.TokenLifespan < clock.GetUtcNow())
        {
            return false;
        }

        // User, purpose and security stamp: Identity's own checks. (It repeats the age check on the
        // system clock, which in production is this same clock.)
        return await base.ValidateAsync(purpose, token, manager, user);
    }

    private bool TryReadCreationTime(string token, out DateTimeOffset created)
    {
        created = default;
        try
        {
            var payload = Protector.Unprotect(Convert.FromBase64String(token));
            if (payload.Length < sizeof(long))
            {
                return false;
            }

            created = new DateTimeOffset(BitConverter.ToInt64(payload, 0), TimeSpan.Zero);
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
