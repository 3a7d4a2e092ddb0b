using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace FanClub.Web.Admin;

/// <summary>
/// On a page model: its POST handlers (the actions) need an authentication younger than
/// <see cref="AdminSession.RecentAuthentication"/>. Otherwise the admin is sent to
/// <c>/account/reauthenticate</c> (password or authenticator code) and then back to the page, where
/// they submit again: the stale request is dropped, never replayed. Reading (GET) is not affected.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class RequireRecentAuthenticationAttribute : Attribute, IAsyncPageFilter
{
    public const string ReauthenticatePath = "/account/reauthenticate";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !AdminSession.AuthenticatedRecently(context.HttpContext.User, now))
        {
            // Back to the page the form was on, by GET: the admin sees it again and repeats the action.
            // Without the handler name, which only means something to a POST.
            var query = QueryString.Create(request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase)));
            var back = request.Path + query;
            context.Result = new RedirectResult(ReauthenticatePath + "?returnUrl=" + Uri.EscapeDataString(back));
            return;
        }

        await next();
    }
}
