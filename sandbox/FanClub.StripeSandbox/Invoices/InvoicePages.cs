using System.Globalization;
using System.Text;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Subscriptions;

namespace FanClub.StripeSandbox.Invoices;

/// <summary>
/// The hosted invoice page behind <c>hosted_invoice_url</c>: the invoice, and for an open one a
/// card form to pay it, which is how a past_due member settles up. Paying here counts as the
/// customer being present, so a card needing 3-D Secure is treated as authenticated.
/// </summary>
internal static class InvoicePages
{
    public static void MapInvoicePages(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/invoices/{id}", Show);
        pages.MapPost("/invoices/{id}/pay", Pay);
    }

    private static IResult Show(string id, SandboxStore store) => store.Read(state => Page(state, id, error: null));

    private static IResult Pay(string id, StripeParams form, SandboxStore store, SubscriptionService subscriptions) => store.Write(state =>
    {
        var invoice = state.Invoices.Require(id, "invoice");
        if (invoice.Str("status") != "open")
        {
            return Page(state, id, $"This invoice is {invoice.Str("status")}.");
        }

        if (TestCard.Parse(form.String("card_number")) is not { } card)
        {
            return Page(state, id, "Your card number is incorrect. Use one of Stripe's test cards.");
        }

        var paymentMethod = PaymentProcessor.SaveCard(state, invoice.RequiredStr("customer"), card);
        state.PaymentMethods[paymentMethod].Authenticated = true;
        var result = subscriptions.CollectInvoice(state, invoice, customerPresent: true, paymentMethod);
        if (result is { Outcome: PaymentOutcome.Succeeded } && InvoiceService.SubscriptionOf(invoice) is { } subscriptionId)
        {
            state.Subscriptions[subscriptionId]["default_payment_method"] = paymentMethod;
        }

        return Page(state, id, result is { Outcome: PaymentOutcome.Declined } ? result.FailureMessage : null);
    });

    private static IResult Page(SandboxState state, string id, string? error)
    {
        var invoice = state.Invoices.Require(id, "invoice");
        var currency = invoice.Str("currency");
        var html = new StringBuilder();
        html.Append("<p>").Append(HtmlPage.Encode($"Invoice {invoice.Str("number")} — status: {invoice.Str("status")}")).Append("</p>");
        html.Append("<table><tr><th>Description</th><th>Period</th><th>Amount</th></tr>");
        foreach (var line in invoice.Obj("lines").Arr("data").Objects())
        {
            var period = line.Obj("period");
            html.Append("<tr><td>").Append(HtmlPage.Encode(line.Str("description")))
                .Append("</td><td>").Append(HtmlPage.Encode($"{HtmlPage.Date(period.Long("start"))} – {HtmlPage.Date(period.Long("end"))}"))
                .Append("</td><td>").Append(HtmlPage.Encode(HtmlPage.Money(line.Long("amount"), currency))).Append("</td></tr>");
        }

        html.Append("</table>");
        html.Append("<p>").Append(HtmlPage.Encode($"Amount due: {HtmlPage.Money(invoice.Long("amount_due"), currency)}; paid: {HtmlPage.Money(invoice.Long("amount_paid"), currency)}")).Append("</p>");
        html.Append(HtmlPage.Error(error));
        if (invoice.Str("status") == "open")
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="/invoices/{HtmlPage.Encode(id)}/pay">
                <label for="card_number">Card number</label>
                <input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
                <button type="submit">Pay</button>
                </form>
                {HtmlPage.TestCardHint}
                """);
        }

        return HtmlPage.Render("Invoice", html.ToString());
    }
}
