using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using Stripe;
using Stripe.Checkout;

namespace FanClub.Billing.Gateway;

/// <summary>
/// The only place that talks to Stripe. Every call that creates something carries an idempotency
/// key derived from FanClub ids, so a retry (ours, Polly's, or a double click) cannot create twice.
/// Stripe's refusals come back as <see cref="Result{T}"/> failures; only bugs throw.
/// </summary>
public sealed partial class StripeGateway(StripeClient stripe, ILogger<StripeGateway> logger)
{
    public const string MemberIdKey = "fanclub_member_id";
    public const string TierIdKey = "fanclub_tier_id";
    public const string PassOfferIdKey = "fanclub_pass_offer_id";

    public Task<Result<string>> CreateCustomerAsync(Guid memberId, string email, string name, CancellationToken ct) =>
        CallAsync("customers.create", async () =>
        {
            var customer = await stripe.V1.Customers.CreateAsync(
                new CustomerCreateOptions { Email = email, Name = name, Metadata = new() { [MemberIdKey] = memberId.ToString() } },
                new RequestOptions { IdempotencyKey = $"fanclub-customer-{memberId}" }, ct);
            return customer.Id;
        });

    public Task<Result<StripeTierPrices>> CreateTierPricesAsync(Tier tier, CancellationToken ct) =>
        CallAsync("prices.create", async () =>
        {
            var product = await stripe.V1.Products.CreateAsync(
                new ProductCreateOptions { Name = $"FanClub {tier.Name.English}", Metadata = new() { [TierIdKey] = tier.Id.ToString() } },
                new RequestOptions { IdempotencyKey = $"fanclub-product-{tier.Id}" }, ct);
            var monthly = await CreatePriceAsync(product.Id, tier, tier.MonthlyPrice, "month", ct);
            var yearly = await CreatePriceAsync(product.Id, tier, tier.YearlyPrice, "year", ct);
            return new StripeTierPrices(product.Id, monthly, yearly);
        });

    /// <summary>
    /// A new Stripe price for a tier already sold through Stripe, after its price changed. Prices are
    /// immutable in Stripe: subscribers stay on the old price object until they are moved.
    /// </summary>
    public Task<Result<string>> CreateTierPriceAsync(Tier tier, BillingInterval interval, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tier);
        var productId = tier.StripeProductId ?? throw new InvalidOperationException("The tier has no Stripe product yet.");
        return CallAsync("prices.create", () =>
            CreatePriceAsync(productId, tier, tier.PriceFor(interval), interval == BillingInterval.Year ? "year" : "month", ct));
    }

    private async Task<string> CreatePriceAsync(string productId, Tier tier, Money amount, string interval, CancellationToken ct)
    {
        var price = await stripe.V1.Prices.CreateAsync(
            new PriceCreateOptions
            {
                Product = productId,
                Currency = amount.Currency.ToLowerInvariant(),
                UnitAmount = amount.AmountMinor,
                Recurring = new PriceRecurringOptions { Interval = interval },
                Metadata = new() { [TierIdKey] = tier.Id.ToString() },
            },
            new RequestOptions { IdempotencyKey = $"fanclub-price-{tier.Id}-{interval}-{amount.AmountMinor}-{amount.Currency}" }, ct);
        return price.Id;
    }

    public Task<Result<StripeCheckout>> CreateSubscriptionCheckoutAsync(
        string customerId, string priceId, Guid memberId, Guid tierId, int trialDays, Uri successUrl, Uri cancelUrl,
        DateTimeOffset expiresAt, string idempotencyKey, CancellationToken ct) =>
        CallAsync("checkout.create", async () =>
        {
            var metadata = new Dictionary<string, string> { [MemberIdKey] = memberId.ToString(), [TierIdKey] = tierId.ToString() };
            var session = await stripe.V1.Checkout.Sessions.CreateAsync(
                new SessionCreateOptions
                {
                    Mode = "subscription",
                    Customer = customerId,
                    ClientReferenceId = memberId.ToString(),
                    LineItems = [new SessionLineItemOptions { Price = priceId, Quantity = 1 }],
                    AllowPromotionCodes = true,
                    SuccessUrl = successUrl.ToString(),
                    CancelUrl = cancelUrl.ToString(),
                    ExpiresAt = expiresAt.UtcDateTime,
                    Metadata = metadata,
                    SubscriptionData = new SessionSubscriptionDataOptions
                    {
                        Metadata = metadata,
                        TrialPeriodDays = trialDays > 0 ? trialDays : null,
                    },
                },
                new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
            return ToCheckout(session);
        });

    public Task<Result<StripeCheckout>> CreatePassCheckoutAsync(
        string customerId, Guid memberId, Guid offerId, string productName, Money price, Uri successUrl, Uri cancelUrl,
        DateTimeOffset expiresAt, string idempotencyKey, CancellationToken ct) =>
        CallAsync("checkout.create", async () =>
        {
            var metadata = new Dictionary<string, string> { [MemberIdKey] = memberId.ToString(), [PassOfferIdKey] = offerId.ToString() };
            var session = await stripe.V1.Checkout.Sessions.CreateAsync(
                new SessionCreateOptions
                {
                    Mode = "payment",
                    Customer = customerId,
                    ClientReferenceId = memberId.ToString(),
                    LineItems =
                    [
                        new SessionLineItemOptions
                        {
                            Quantity = 1,
                            PriceData = new SessionLineItemPriceDataOptions
                            {
                                Currency = price.Currency.ToLowerInvariant(),
                                UnitAmount = price.AmountMinor,
                                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = productName },
                            },
                        },
                    ],
                    SuccessUrl = successUrl.ToString(),
                    CancelUrl = cancelUrl.ToString(),
                    ExpiresAt = expiresAt.UtcDateTime,
                    Metadata = metadata,
                    PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
                },
                new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
            return ToCheckout(session);
        });

    public Task<Result<StripeCheckout>> GetCheckoutAsync(string sessionId, CancellationToken ct) =>
        CallAsync("checkout.get", async () => ToCheckout(await stripe.V1.Checkout.Sessions.GetAsync(sessionId, null, null, ct)));

    public Task<Result<bool>> ExpireCheckoutAsync(string sessionId, CancellationToken ct) =>
        CallAsync("checkout.expire", async () =>
        {
            var session = await stripe.V1.Checkout.Sessions.GetAsync(sessionId, null, null, ct);
            if (session.Status != "open")
            {
                return false;
            }

            await stripe.V1.Checkout.Sessions.ExpireAsync(sessionId, null, null, ct);
            return true;
        });

    public Task<Result<StripeSubscription>> GetSubscriptionAsync(string subscriptionId, CancellationToken ct) =>
        CallAsync("subscriptions.get", async () => ToSubscription(await stripe.V1.Subscriptions.GetAsync(subscriptionId, null, null, ct)));

    /// <summary>Every subscription on the account, all statuses, newest first (reconciliation).</summary>
    public async IAsyncEnumerable<StripeSubscription> ListSubscriptionsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var options = new SubscriptionListOptions { Status = "all", Limit = 100 };
        await foreach (var subscription in stripe.V1.Subscriptions.ListAutoPagingAsync(options, null, ct))
        {
            yield return ToSubscription(subscription);
        }
    }

    public Task<Result<StripeSubscription>> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct) =>
        CallAsync("subscriptions.update", async () => ToSubscription(await stripe.V1.Subscriptions.UpdateAsync(
            subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = cancel }, null, ct)));

    /// <summary>
    /// Moves the subscription to another price. An upgrade is invoiced and charged now for the rest of
    /// the period (<c>always_invoice</c>); a downgrade takes effect without a credit (<c>none</c>),
    /// which is why FanClub only applies downgrades at the end of the paid period.
    /// </summary>
    public Task<Result<StripeSubscription>> ChangePriceAsync(string subscriptionId, string itemId, string priceId, bool chargeProrationNow,
        string idempotencyKey, CancellationToken ct) =>
        CallAsync("subscriptions.update", async () => ToSubscription(await stripe.V1.Subscriptions.UpdateAsync(
            subscriptionId,
            new SubscriptionUpdateOptions
            {
                Items = [new SubscriptionItemOptions { Id = itemId, Price = priceId }],
                ProrationBehavior = chargeProrationNow ? "always_invoice" : "none",
            },
            new RequestOptions { IdempotencyKey = idempotencyKey }, ct)));

    /// <summary>Cancels at once. Cancelling a subscription Stripe already ended counts as done.</summary>
    public Task<Result<bool>> CancelNowAsync(string subscriptionId, CancellationToken ct) =>
        CallAsync("subscriptions.cancel", async () =>
        {
            try
            {
                await stripe.V1.Subscriptions.CancelAsync(subscriptionId, null, null, ct);
                return true;
            }
            catch (StripeException e) when (e.StripeError?.Code is "resource_missing" || e.Message.Contains("canceled", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        });

    /// <summary>
    /// Refunds <paramref name="amountMinor"/> of a charge (null: what is left of it). The key comes
    /// from the admin's form, so a double click or a retry gets Stripe's first refund back.
    /// </summary>
    public Task<Result<string>> CreateRefundAsync(string chargeId, long? amountMinor, string idempotencyKey, CancellationToken ct) =>
        CallAsync("refunds.create", async () =>
        {
            var refund = await stripe.V1.Refunds.CreateAsync(
                new RefundCreateOptions { Charge = chargeId, Amount = amountMinor, Reason = "requested_by_customer" },
                new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
            return refund.Id;
        });

    /// <summary>
    /// The invoice with the charge that paid it and its subscription, in one call. In this API version
    /// an invoice names no charge: the link runs through its payments to a payment intent and that
    /// intent's latest charge, so both are expanded, as is the subscription, which every invoice event
    /// brings up to date too. One request instead of three, read at the same instant (Stripe allows
    /// four levels of expansion; the charge itself would be a fifth).
    /// </summary>
    public Task<Result<StripeInvoice>> GetInvoiceAsync(string invoiceId, CancellationToken ct) =>
        CallAsync("invoices.get", async () =>
        {
            var invoice = await stripe.V1.Invoices.GetAsync(invoiceId,
                new InvoiceGetOptions { Expand = ["payments.data.payment.payment_intent", "parent.subscription_details.subscription"] }, null, ct);
            var payment = invoice.Payments?.Data.FirstOrDefault(p => p.Status == "paid")?.Payment;
            var chargeId = payment?.ChargeId ?? payment?.PaymentIntent?.LatestChargeId;
            if (chargeId is null && payment is { PaymentIntent: null, PaymentIntentId: { } intentId })
            {
                chargeId = (await stripe.V1.PaymentIntents.GetAsync(intentId, null, null, ct)).LatestChargeId;
            }

            return ToInvoice(invoice, chargeId);
        });

    public Task<Result<StripeCharge>> GetChargeAsync(string chargeId, CancellationToken ct) =>
        CallAsync("charges.get", async () =>
        {
            var charge = await stripe.V1.Charges.GetAsync(chargeId, null, null, ct);
            return new StripeCharge(charge.Id, charge.CustomerId, null, charge.PaymentIntentId, charge.Amount, charge.AmountRefunded, charge.Disputed);
        });

    /// <summary>The charge behind a payment intent (passes are paid by payment intents, not invoices).</summary>
    public Task<Result<string?>> GetLatestChargeAsync(string paymentIntentId, CancellationToken ct) =>
        CallAsync("payment_intents.get", async () =>
        {
            var intent = await stripe.V1.PaymentIntents.GetAsync(paymentIntentId, null, null, ct);
            return (string?)intent.LatestChargeId;
        });

    public Task<Result<Uri>> CreatePortalSessionAsync(string customerId, Uri returnUrl, CancellationToken ct) =>
        CallAsync("portal.create", async () =>
        {
            var session = await stripe.V1.BillingPortal.Sessions.CreateAsync(
                new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl.ToString() }, null, ct);
            return new Uri(session.Url);
        });

    private static StripeCheckout ToCheckout(Session session) =>
        new(session.Id, session.Url ?? string.Empty, session.Mode, session.Status ?? "open", session.PaymentStatus ?? "unpaid",
            session.CustomerId, session.SubscriptionId, session.PaymentIntentId,
            session.Metadata ?? new Dictionary<string, string>(), new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)));

    internal static StripeSubscription ToSubscription(Stripe.Subscription subscription)
    {
        var item = subscription.Items.Data[0];
        var snapshot = new SubscriptionSnapshot(
            subscription.Id,
            subscription.CustomerId,
            item.Price.Id,
            ParseStatus(subscription.Status),
            Utc(item.CurrentPeriodStart),
            Utc(item.CurrentPeriodEnd),
            subscription.CancelAtPeriodEnd,
            subscription.TrialEnd is { } trialEnd ? Utc(trialEnd) : null,
            subscription.EndedAt is { } endedAt ? Utc(endedAt) : null);
        return new StripeSubscription(snapshot, item.Id, MetadataGuid(subscription.Metadata, MemberIdKey), MetadataGuid(subscription.Metadata, TierIdKey));
    }

    private static StripeInvoice ToInvoice(Invoice invoice, string? chargeId) =>
        new(
            invoice.Id,
            invoice.CustomerId,
            invoice.Parent?.SubscriptionDetails?.SubscriptionId,
            invoice.Status,
            new Money(invoice.AmountDue, invoice.Currency),
            invoice.AmountPaid,
            invoice.HostedInvoiceUrl,
            invoice.BillingReason,
            chargeId,
            (int)invoice.AttemptCount,
            Utc(invoice.Created),
            invoice.StatusTransitions?.PaidAt is { } paidAt ? Utc(paidAt) : null)
        {
            Subscription = invoice.Parent?.SubscriptionDetails?.Subscription is { } subscription ? ToSubscription(subscription) : null,
        };

    public static SubscriptionStatus ParseStatus(string status) => status switch
    {
        "incomplete" => SubscriptionStatus.Incomplete,
        "incomplete_expired" => SubscriptionStatus.IncompleteExpired,
        "trialing" => SubscriptionStatus.Trialing,
        "active" => SubscriptionStatus.Active,
        "past_due" => SubscriptionStatus.PastDue,
        "unpaid" => SubscriptionStatus.Unpaid,
        "canceled" => SubscriptionStatus.Canceled,
        "paused" => SubscriptionStatus.Paused,
        _ => throw new InvalidOperationException($"Stripe returned an unknown subscription status '{status}'."),
    };

    private static Guid? MetadataGuid(Dictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var text) && Guid.TryParse(text, out var id) ? id : null;

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private async Task<Result<T>> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return Result.Ok(await call());
        }
        catch (StripeException e)
        {
            LogStripeRefused(logger, operation, e.StripeError?.Type, e.StripeError?.Code, (int)e.HttpStatusCode);
            var code = e.StripeError?.Code ?? e.StripeError?.Type ?? "stripe_error";
            return Result.Fail<T>("stripe." + code, e.StripeError?.Message ?? e.Message);
        }
        catch (HttpRequestException e)
        {
            LogStripeUnreachable(logger, operation, e.Message);
            return Result.Fail<T>("stripe.unreachable", "The payment service could not be reached. Please try again.");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            LogStripeUnreachable(logger, operation, "timeout");
            return Result.Fail<T>("stripe.timeout", "The payment service did not answer in time. Please try again.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused {Operation}: {ErrorType} {ErrorCode} (HTTP {Status})")]
    private static partial void LogStripeRefused(ILogger logger, string operation, string? errorType, string? errorCode, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe unreachable during {Operation}: {Reason}")]
    private static partial void LogStripeUnreachable(ILogger logger, string operation, string reason);
}
