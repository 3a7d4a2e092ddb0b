using System.Globalization;
using System.Text;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Subscriptions;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Portal;

/// <summary>
/// The customer portal page: the customer's subscriptions (cancel at period end, or undo it),
/// invoices with links to their hosted pages, a card update form, and a link back to
/// <c>return_url</c>. A new card becomes the default everywhere, and a past_due subscription's
/// open invoices are retried with it at once, as Stripe's portal does.
/// </summary>
internal static class PortalPages
{
    public static void MapPortalPages(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/portal/{id}", (string id, SandboxStore store) => store.Read(state => Page(state, id, message: null)));
        pages.MapPost("/portal/{id}/cancel", Cancel);
        pages.MapPost("/portal/{id}/card", UpdateCard);
    }

    private static IResult Cancel(string id, StripeParams form, SandboxStore store, SubscriptionService subscriptions) => store.Write(state =>
    {
        var customerId = state.PortalSessions.Require(id, "billing_portal.session").RequiredStr("customer");
        var subscription = state.Subscriptions.Require(form.RequiredString("subscription"), "subscription", "subscription");
        if (subscription.Str("customer") != customerId)
        {
            throw StripeApiException.ResourceMissing("subscription", subscription.RequiredStr("id"), "subscription");
        }

        var undo = form.String("undo") == "true";
        subscriptions.Update(state, subscription, StripeParams.Parse([KeyValuePair.Create("cancel_at_period_end", undo ? "false" : "true")]));
        return Page(state, id, undo ? "Your subscription will renew." : "Your subscription will end at the end of the current period.");
    });

    private static IResult UpdateCard(string id, StripeParams form, SandboxStore store, SubscriptionService subscriptions, EventPublisher events) => store.Write(state =>
    {
        var customerId = state.PortalSessions.Require(id, "billing_portal.session").RequiredStr("customer");
        if (TestCard.Parse(form.String("card_number")) is not { } card || card.DeclinesOnEntry)
        {
            return Page(state, id, "That card was refused. Use one of Stripe's test cards.");
        }

        var customer = state.Customers[customerId];
        var paymentMethod = PaymentProcessor.SaveCard(state, customerId, card);
        // Entering a card in the portal is done with the customer present: 3-D Secure counts as passed.
        state.PaymentMethods[paymentMethod].Authenticated = true;
        var before = customer.Clone();
        customer.Obj("invoice_settings")["default_payment_method"] = paymentMethod;
        events.Publish(state, "customer.updated", customer, before);

        var owned = state.Subscriptions.Values.Where(s => s.Str("customer") == customerId && s.Str("status") is not ("canceled" or "incomplete_expired")).ToList();
        foreach (var subscription in owned)
        {
            subscriptions.Update(state, subscription, StripeParams.Parse([KeyValuePair.Create("default_payment_method", paymentMethod)]));
        }

        var openInvoices = state.Invoices.Values
            .Where(i => i.Str("customer") == customerId && i.Str("status") == "open" && i.LongOrNull("next_payment_attempt") is not null)
            .ToList();
        foreach (var invoice in openInvoices)
        {
            subscriptions.CollectInvoice(state, invoice, customerPresent: true, paymentMethod);
        }

        return Page(state, id, $"Card ending {card.Last4} saved.");
    });

    private static IResult Page(SandboxState state, string id, string? message)
    {
        var session = state.PortalSessions.Require(id, "billing_portal.session");
        var customerId = session.RequiredStr("customer");
        var html = new StringBuilder();
        if (message is not null)
        {
            html.Append("""<p role="status">""").Append(HtmlPage.Encode(message)).Append("</p>");
        }

        html.Append("<h2>Subscriptions</h2>");
        foreach (var subscription in state.Subscriptions.NewestFirst().Where(s => s.Str("customer") == customerId))
        {
            var item = SubscriptionService.FirstItem(subscription);
            var price = item.Obj("price");
            var product = state.Products.GetValueOrDefault(price.RequiredStr("product"))?.Str("name");
            var status = subscription.Str("status");
            var ending = subscription.Bool("cancel_at_period_end");
            html.Append("<p>").Append(HtmlPage.Encode(
                $"{product}: {HtmlPage.Money(price.Long("unit_amount"), price.Str("currency"))} / {price.Obj("recurring").Str("interval")} — {status}"
                + (ending ? $", ends {HtmlPage.Date(item.Long("current_period_end"))}" : $", renews {HtmlPage.Date(item.Long("current_period_end"))}"))).Append("</p>");
            if (status is "active" or "trialing" or "past_due")
            {
                var label = ending ? "Renew subscription" : "Cancel subscription";
                html.Append(CultureInfo.InvariantCulture, $"""
                    <form method="post" action="/portal/{HtmlPage.Encode(id)}/cancel">
                    <input type="hidden" name="subscription" value="{HtmlPage.Encode(subscription.Str("id"))}">
                    <input type="hidden" name="undo" value="{(ending ? "true" : "false")}">
                    <button type="submit">{label}</button>
                    </form>
                    """);
            }
        }

        html.Append("<h2>Invoices</h2><table><tr><th>Number</th><th>Date</th><th>Amount</th><th>Status</th></tr>");
        foreach (var invoice in state.Invoices.NewestFirst().Where(i => i.Str("customer") == customerId))
        {
            html.Append("<tr><td><a href=\"").Append(HtmlPage.Encode(invoice.Str("hosted_invoice_url"))).Append("\">")
                .Append(HtmlPage.Encode(invoice.Str("number"))).Append("</a></td><td>")
                .Append(HtmlPage.Encode(HtmlPage.Date(invoice.Long("created")))).Append("</td><td>")
                .Append(HtmlPage.Encode(HtmlPage.Money(invoice.Long("total"), invoice.Str("currency")))).Append("</td><td>")
                .Append(HtmlPage.Encode(invoice.Str("status"))).Append("</td></tr>");
        }

        html.Append("</table>");
        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>Payment method</h2>
            <form method="post" action="/portal/{HtmlPage.Encode(id)}/card">
            <label for="card_number">Card number</label>
            <input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
            <button type="submit">Update card</button>
            </form>
            {HtmlPage.TestCardHint}
            """);
        if (session.Str("return_url") is { } returnUrl)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<p><a href="{HtmlPage.Encode(returnUrl)}">Return</a></p>""");
        }

        return HtmlPage.Render("Billing", html.ToString());
    }
}
