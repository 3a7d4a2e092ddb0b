using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Portal;

/// <summary>/v1/billing_portal/sessions: a portal session whose <c>url</c> is the sandbox's portal page.</summary>
internal static class PortalApi
{
    public static void MapPortal(this IEndpointRouteBuilder api) =>
        api.MapPost("/billing_portal/sessions", Create);

    private static IResult Create(StripeParams p, SandboxStore store, SandboxClock clock, SandboxUrls urls) => StripeResults.Json(store.Write(state =>
    {
        var customer = state.Customers.Require(p.RequiredString("customer"), "customer", "customer");
        var session = Templates.New("billing_portal.session");
        var id = Ids.New("bps");
        session["id"] = id;
        session["created"] = clock.UnixNow;
        session["customer"] = customer.Str("id");
        session["locale"] = p.String("locale");
        session["return_url"] = p.String("return_url");
        session["url"] = urls.Page($"portal/{id}");
        state.PortalSessions.Add(session);
        return session.Clone();
    }));
}
