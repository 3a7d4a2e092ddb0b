using System.Text;
using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Checkout;

/// <summary>
/// The hosted checkout page behind a session's <c>url</c>: a plain form (no script) with a card
/// number, a 3-D Secure step for cards that ask for it, and a link back to <c>cancel_url</c>.
/// </summary>
internal static class CheckoutPages
{
    public static void MapCheckoutPages(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/checkout/{id}", Show);
        pages.MapPost("/checkout/{id}/pay", Pay);
        pages.MapPost("/checkout/{id}/authenticate", Authenticate);
    }

    private static IResult Show(string id, SandboxStore store) => store.Read(state => PaymentForm(state, id, error: null));

    private static IResult Pay(string id, StripeParams form, SandboxStore store, CheckoutFlow flow) => store.Write(state =>
        Respond(state, id, flow.Pay(state, id, form.String("card_number"), form.String("email"))));

    private static IResult Authenticate(string id, StripeParams form, SandboxStore store, CheckoutFlow flow) => store.Write(state =>
        Respond(state, id, flow.Authenticate(state, id, form.String("outcome") == "complete")));

    private static IResult Respond(SandboxState state, string id, CheckoutOutcome outcome) => outcome switch
    {
        CheckoutOutcome.Completed completed => new SeeOtherResult(completed.RedirectUrl),
        CheckoutOutcome.NeedsAuthentication => AuthenticationStep(id),
        CheckoutOutcome.Failed failed => PaymentForm(state, id, failed.Message),
        _ => throw new InvalidOperationException($"Unknown outcome {outcome}"),
    };

    private static IResult PaymentForm(SandboxState state, string id, string? error)
    {
        var session = state.CheckoutSessions.Require(id, "checkout.session");
        var status = session.Str("status");
        var cancel = session.Str("cancel_url") is { } cancelUrl
            ? $"""<p><a href="{HtmlPage.Encode(cancelUrl)}">Cancel and go back</a></p>"""
            : "";
        if (status != "open")
        {
            var done = status == "complete" ? "This checkout session is complete." : $"This checkout session is {status}.";
            return HtmlPage.Render("Checkout", $"<p>{HtmlPage.Encode(done)}</p>{cancel}");
        }

        var askEmail = session.Str("customer") is null && session.Str("customer_email") is null
            ? """<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>"""
            : "";
        var body = $"""
            {Summary(state, session)}
            {HtmlPage.Error(error)}
            <form method="post" action="/checkout/{HtmlPage.Encode(id)}/pay">
            {askEmail}
            <label for="card_number">Card number</label>
            <input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
            <button type="submit">Pay</button>
            </form>
            {cancel}
            {HtmlPage.TestCardHint}
            """;
        return HtmlPage.Render("Checkout", body);
    }

    private static IResult AuthenticationStep(string id)
    {
        var action = $"/checkout/{HtmlPage.Encode(id)}/authenticate";
        return HtmlPage.Render("Authenticate your payment", $"""
            <p>Your bank asks you to confirm this payment (3-D Secure test).</p>
            <form method="post" action="{action}"><input type="hidden" name="outcome" value="complete"><button type="submit">Complete authentication</button></form>
            <form method="post" action="{action}"><input type="hidden" name="outcome" value="fail"><button type="submit">Fail authentication</button></form>
            """);
    }

    private static string Summary(SandboxState state, JsonObject session)
    {
        var html = new StringBuilder("<table><tr><th>Item</th><th>Amount</th></tr>");
        foreach (var item in state.CheckoutDetails[session.RequiredStr("id")].LineItems)
        {
            var interval = item.Obj("price")["recurring"] is JsonObject recurring ? $" / {recurring.Str("interval")}" : "";
            html.Append("<tr><td>").Append(HtmlPage.Encode($"{item.Long("quantity")} × {item.Str("description")}"))
                .Append("</td><td>").Append(HtmlPage.Encode(HtmlPage.Money(item.Long("amount_total"), item.Str("currency")) + interval))
                .Append("</td></tr>");
        }

        html.Append("</table>");
        if (state.CheckoutDetails[session.RequiredStr("id")].TrialPeriodDays is > 0 and var days)
        {
            html.Append("<p>").Append(HtmlPage.Encode($"Free for {days} days, then billed every period.")).Append("</p>");
        }

        return html.ToString();
    }
}
