using FanClub.Web.Data;

namespace FanClub.Web.Accounts;

/// <summary>Keeps a line per successful sign-in for the member's timeline in the admin console.</summary>
public sealed class SignInLog(FanClubDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(Guid memberId, string method, CancellationToken ct)
    {
        db.SignIns.Add(new MemberSignIn { MemberId = memberId, Method = method, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}
