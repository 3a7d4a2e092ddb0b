using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Accounts;

/// <summary>
/// A log-in for an unknown address would answer faster than one for a real account (no hash to
/// verify), telling an attacker which addresses exist. This spends the same hashing work.
/// </summary>
public sealed class LoginTimingEqualizer(IPasswordHasher<FanClubUser> hasher)
{
    private static readonly FanClubUser Nobody = new();
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    public void SpendVerificationTime(string password) =>
        hasher.VerifyHashedPassword(Nobody, _dummyHash.Value, password);
}
