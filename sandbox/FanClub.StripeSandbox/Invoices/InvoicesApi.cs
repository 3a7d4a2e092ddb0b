using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Subscriptions;

namespace FanClub.StripeSandbox.Invoices;

/// <summary>
/// /v1/invoices: retrieve (<c>expand[]=payments</c> gives the payment intents), list (customer,
/// subscription, status), lines, pay (charge the default card now), and /v1/invoice_payments.
/// </summary>
internal static class InvoicesApi
{
    public static void MapInvoices(this IEndpointRouteBuilder api)
    {
        api.MapGet("/invoices", List);
        api.MapGet("/invoices/{id}", Retrieve);
        api.MapGet("/invoices/{id}/lines", Lines);
        api.MapPost("/invoices/{id}/pay", Pay);
        api.MapGet("/invoice_payments", ListPayments);
        api.MapGet("/invoice_payments/{id}", RetrievePayment);
    }

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.Invoices.Require(id, "invoice"), p)));

    private static IResult List(StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var customer = p.String("customer");
        var subscription = p.String("subscription");
        var status = p.String("status");
        var invoices = state.Invoices.NewestFirst()
            .Where(i => customer is null || i.Str("customer") == customer)
            .Where(i => subscription is null || InvoiceService.SubscriptionOf(i) == subscription)
            .Where(i => status is null || i.Str("status") == status)
            .CreatedWithin(p);
        return Expander.RenderList(state, invoices, p, "/v1/invoices");
    }));

    private static IResult Lines(string id, StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var invoice = state.Invoices.Require(id, "invoice");
        return ListPage.Build(invoice.Obj("lines").Arr("data").Objects().Reverse(), p, $"/v1/invoices/{id}/lines");
    }));

    /// <summary>Charges the invoice now; a decline answers 402 with Stripe's <c>card_error</c>.</summary>
    private static IResult Pay(string id, StripeParams p, SandboxStore store, SubscriptionService subscriptions) => StripeResults.Json(store.Write(state =>
    {
        var invoice = state.Invoices.Require(id, "invoice");
        var result = subscriptions.CollectInvoice(state, invoice, customerPresent: false, p.String("payment_method"));
        if (result is { Outcome: PaymentOutcome.Declined })
        {
            throw StripeApiException.CardDeclined(result.DeclineCode ?? "generic_decline", result.FailureMessage ?? "Your card was declined.");
        }

        return Expander.Render(state, invoice, p);
    }));

    private static IResult ListPayments(StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var invoice = p.String("invoice");
        var payments = state.InvoicePayments.NewestFirst().Where(x => invoice is null || x.Str("invoice") == invoice);
        return Expander.RenderList(state, payments, p, "/v1/invoice_payments");
    }));

    private static IResult RetrievePayment(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.InvoicePayments.Require(id, "invoice_payment"), p)));
}
