using System.Security.Claims;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FanClub.Web.Admin;

/// <summary>
/// Who may use the admin console: the Admin role, signed in with a second factor in this session.
/// Every page under <c>Pages/Admin</c> is guarded by <see cref="Policy"/> through a folder convention,
/// so a new admin page cannot be added without it.
/// </summary>
public static class AdminAuthorization
{
    public const string Policy = "Admin";

    /// <summary>Identity's "authentication method reference" claim; <c>mfa</c> after a two-factor sign-in.</summary>
    public const string MethodClaim = "amr";

    public const string TwoFactorMethod = "mfa";

    /// <summary>Where an admin who signed in with the password alone is sent: why, and how to fix it.</summary>
    public const string TwoFactorRequiredPath = "/account/two-factor-required";

    public static bool SignedInWithTwoFactor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(MethodClaim, TwoFactorMethod);
    }

    internal static void AddAdminPolicy(AuthorizationOptions options) =>
        options.AddPolicy(Policy, policy => policy
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Admin)
            .AddRequirements(new TwoFactorSignInRequirement()));
}

/// <summary>The session was signed in with a second factor (not a password alone, not a remembered browser).</summary>
public sealed class TwoFactorSignInRequirement : AuthorizationHandler<TwoFactorSignInRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorSignInRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (AdminAuthorization.SignedInWithTwoFactor(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// An admin refused only for want of a second factor gets a page saying so and how to sign in with
/// one, not a bare 403; anyone else refused gets the usual log-in redirect or access-denied page.
/// </summary>
internal sealed class AdminAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure is { } failure
            && failure.FailedRequirements.Any()
            && failure.FailedRequirements.All(r => r is TwoFactorSignInRequirement)
            && context.User.IsInRole(Roles.Admin))
        {
            var here = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(AdminAuthorization.TwoFactorRequiredPath + "?returnUrl=" + Uri.EscapeDataString(here));
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
