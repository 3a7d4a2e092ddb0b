using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Accounts;

/// <summary>
/// A log-in for an unknown address would answer faster than one for a real account (no hash to
/// verify), telling an attacker which addresses exist. This spends the same hashing work, with
/// the same hasher settings as real accounts.
/// </summary>
public sealed class LoginTimingEqualizer
{
    private static readonly FanClubUser Nobody = new();
    private readonly PasswordHasher<FanClubUser> _hasher;
    private readonly Lazy<string> _dummyHash;

    public LoginTimingEqualizer(IOptions<PasswordHasherOptions> options)
    {
        _hasher = new PasswordHasher<FanClubUser>(options);
        _dummyHash = new Lazy<string>(() => _hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));
    }

    public void SpendVerificationTime(string password) =>
        _hasher.VerifyHashedPassword(Nobody, _dummyHash.Value, password);
}
