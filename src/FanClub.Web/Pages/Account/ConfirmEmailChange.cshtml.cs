using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Account;

/// <summary>Applies an e-mail change once the new address has proved it receives mail.</summary>
public sealed class ConfirmEmailChangeModel(UserManager<FanClubUser> users, SignInManager<FanClubUser> signIn) : PageModel
{
    public bool Changed { get; private set; }

    public async Task OnGetAsync(Guid? userId, string? email, string? code)
    {
        if (userId is null || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(code) || !TokenCodec.TryDecode(code, out var token))
        {
            return;
        }

        var user = await users.FindByIdAsync(userId.Value.ToString());
        if (user is null)
        {
            return;
        }

        var changed = await users.ChangeEmailAsync(user, email, token);
        if (!changed.Succeeded)
        {
            return;
        }

        // The e-mail is also the user name people log in with.
        await users.SetUserNameAsync(user, email);
        Changed = true;
        if (signIn.IsSignedIn(User))
        {
            await signIn.RefreshSignInAsync(user);
        }
    }
}
