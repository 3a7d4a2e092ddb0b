using FanClub.Domain.Common;
using FanClub.Domain.Members;
using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Accounts;

/// <summary>
/// Deletes a member's account after every <see cref="IMemberAccountClosing"/> capability has
/// settled (billing will cancel the subscription there). Any refusal keeps the account intact.
/// </summary>
public sealed partial class AccountClosing(
    UserManager<FanClubUser> users, IEnumerable<IMemberAccountClosing> capabilities, ILogger<AccountClosing> logger)
{
    public async Task<Result<bool>> CloseAsync(FanClubUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var capability in capabilities)
        {
            var refusal = await capability.PrepareClosingAsync(user.Id, cancellationToken);
            if (refusal is not null)
            {
                return Result.Fail<bool>("account.closing_refused", refusal);
            }
        }

        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            return Result.Fail<bool>("account.delete_failed", string.Join(" ", deleted.Errors.Select(e => e.Description)));
        }

        LogClosed(logger, user.Id);
        return Result.Ok(true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {MemberId} closed at the member's request")]
    private static partial void LogClosed(ILogger logger, Guid memberId);
}
