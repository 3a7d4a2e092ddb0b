using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FanClub.Billing.Gateway;
using MySqlConnector;
using Stripe;
using Stripe.Checkout;

namespace FanClub.Benchmarks;

/// <summary>
/// Scenario 7: Stripe's invoice.paid webhooks at launch-night volume. Real subscriptions are made
/// in the Stripe sandbox (customer, Checkout, card 4242) for members without one, so each event is
/// one the sandbox really emitted and each re-read hits a Stripe-shaped API. Every invoice is
/// delivered under three event ids (Stripe-style duplicates are separate events), each signed
/// with the webhook secret just before the run. Like every scenario it is warmed first, unmeasured:
/// other subscriptions' events in the same shape, then a wait for the JIT to settle, so EF Core's query
/// compilation and the JIT of the billing path happen there. Afterwards: every delivered event is in the inbox
/// once, and each invoice has one ledger row and one receipt, whatever the number of deliveries.
/// </summary>
internal static class Webhooks
{
    private const int Subscriptions = 1000;
    private const int CopiesPerInvoice = 3;
    private const int WarmUpRounds = 3;
    private const int WarmUpSubscriptions = 100 * WarmUpRounds;

    /// <summary>The measured run, and with a <paramref name="profiler"/> the summary of a second, traced one.</summary>
    public static async Task<(ScenarioResult Result, string? Profile)> RunAsync(
        BenchSettings settings, SiteClient site, Wrk wrk, IReadOnlyList<SeededMember> members, string secret, string work, Profiler? profiler, CancellationToken ct)
    {
        Console.WriteLine($"==> 7. webhook ingestion: {Subscriptions} sandbox subscriptions, {CopiesPerInvoice} events each");
        var apiBase = settings.StripeApiBase ?? throw new InvalidOperationException("BENCH_STRIPE_API is not set.");
        var stripe = new StripeClient(new StripeClientOptions { ApiKey = settings.StripeKey, ApiBase = apiBase.ToString().TrimEnd('/') });
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        await using var db = new MySqlConnection(settings.Database);
        await db.OpenAsync(ct);

        var vip = (Guid)(await new MySqlCommand("SELECT Id FROM tiers WHERE Slug = 'vip'", db).ExecuteScalarAsync(ct))!;
        var product = await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "FanClub VIP", Metadata = new() { [StripeGateway.TierIdKey] = vip.ToString() } }, cancellationToken: ct);
        var price = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, UnitAmount = 1999, Currency = "eur", Recurring = new PriceRecurringOptions { Interval = "month" },
        }, cancellationToken: ct);
        await using (var tier = new MySqlCommand("UPDATE tiers SET StripeProductId = @product, StripeMonthlyPriceId = @price WHERE Id = @id", db))
        {
            tier.Parameters.AddWithValue("@product", product.Id);
            tier.Parameters.AddWithValue("@price", price.Id);
            tier.Parameters.AddWithValue("@id", vip);
            await tier.ExecuteNonQueryAsync(ct);
        }

        var wanted = WarmUpSubscriptions + (profiler is null ? 1 : 2) * Subscriptions;
        var buyers = members.Where(m => m.Status.Length == 0).Take(wanted).ToList();
        if (buyers.Count < wanted)
        {
            throw new InvalidOperationException(
                $"Scenario 7 subscribes {wanted:N0} members who have no subscription yet (10% of those seeded); {buyers.Count:N0} were seeded. " +
                $"Seed at least {wanted * 10:N0} members (FANCLUB_BENCH_MEMBERS).");
        }

        var customers = new List<(Guid Member, string Customer)>();
        foreach (var member in buyers)
        {
            var metadata = new Dictionary<string, string> { [StripeGateway.MemberIdKey] = member.Id.ToString(), [StripeGateway.TierIdKey] = vip.ToString() };
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = member.Email, Metadata = metadata }, cancellationToken: ct);
            var session = await stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
            {
                Mode = "subscription", Customer = customer.Id,
                LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
                SuccessUrl = "https://fanclub.test/billing/success?session={CHECKOUT_SESSION_ID}", CancelUrl = "https://fanclub.test/billing",
                ClientReferenceId = member.Id.ToString(), Metadata = metadata,
                SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata },
            }, cancellationToken: ct);
            using var pay = new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = "4242424242424242" });
            using var paid = await browser.PostAsync(new Uri($"{session.Url}/pay"), pay, ct);
            if (paid.StatusCode != HttpStatusCode.SeeOther)
            {
                throw new InvalidOperationException($"The sandbox refused the checkout payment: {(int)paid.StatusCode}.");
            }

            customers.Add((member.Id, customer.Id));
        }

        await using (var map = new MySqlCommand("INSERT INTO billing_customers (MemberId, StripeCustomerId, CreatedAt) VALUES " +
            string.Join(',', customers.Select(c => $"('{c.Member}','{c.Customer}',UTC_TIMESTAMP(6))")), db))
        {
            await map.ExecuteNonQueryAsync(ct);
        }

        var paidInvoices = await PaidInvoiceEventsAsync(browser, apiBase, settings.StripeKey, ct);
        var invoices = paidInvoices[WarmUpSubscriptions..(WarmUpSubscriptions + Subscriptions)];
        var runTag = Guid.NewGuid().ToString("N")[..8];
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string Signed(JsonObject template, string id)
        {
            var stripeEvent = (JsonObject)template.DeepClone();
            stripeEvent["id"] = id;
            var body = stripeEvent.ToJsonString();
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            return $"t={timestamp},v1={signature}\t{body}";
        }

        // Each warm-up round has invoices of its own: a round of redeliveries would only warm the duplicate path.
        var perRound = WarmUpSubscriptions / WarmUpRounds;
        var warmUps = new List<string>();
        for (var round = 0; round < WarmUpRounds; round++)
        {
            var warmUp = Path.Combine(work, $"webhooks-warm-up-{round}.txt");
            var roundInvoices = paidInvoices[(round * perRound)..((round + 1) * perRound)];
            await System.IO.File.WriteAllLinesAsync(warmUp, Enumerable.Range(0, CopiesPerInvoice).SelectMany(copy =>
                roundInvoices.Select((e, i) => Signed(e, $"evt_warm{runTag}{round}{copy}{i:D6}"))), ct);
            warmUps.Add(warmUp);
        }

        var lines = new List<string>();
        var eventIds = new List<string>();
        for (var copy = 0; copy < CopiesPerInvoice; copy++)
        {
            foreach (var template in invoices)
            {
                var id = $"evt_bench{runTag}{copy}{eventIds.Count:D6}";
                lines.Add(Signed(template, id));
                eventIds.Add(id);
            }
        }

        var file = Path.Combine(work, "webhooks.txt");
        await System.IO.File.WriteAllLinesAsync(file, lines, ct);
        await site.WarmUpAsync(async round =>
        {
            await wrk.RunAsync(new WrkRequest("/webhooks/stripe", "POST", "{2}", "Stripe-Signature: {1}|Content-Type: application/json", warmUps[round], Sequential: true),
                TimeSpan.FromSeconds(2), ct: ct);
            await SettledInboxAsync(db, $"evt_warm{runTag}{round}", ct, quietSeconds: 2);
        }, WarmUpRounds, ct);
        var before = await site.StatsAsync(ct);
        var run = await wrk.RunAsync(new WrkRequest("/webhooks/stripe", "POST", "{2}", "Stripe-Signature: {1}|Content-Type: application/json", file, Sequential: true),
            settings.Duration, ct: ct);
        var after = await site.StatsAsync(ct);

        var inbox = await SettledInboxAsync(db, $"evt_bench{runTag}", ct);

        var invoiceOf = eventIds.Select((id, i) => (id, invoice: invoices[i % invoices.Count]["data"]!["object"]!["id"]!.GetValue<string>()))
            .ToDictionary(x => x.id, x => x.invoice, StringComparer.Ordinal);
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = new MySqlCommand($"SELECT EventId FROM stripe_inbox WHERE EventId LIKE 'evt_bench{runTag}%'", db))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                delivered.Add(invoiceOf[reader.GetString(0)]);
            }
        }

        var ids = string.Join(',', invoices.Select(e => $"'{e["data"]!["object"]!["id"]!.GetValue<string>()}'"));
        var ledger = await CountAsync(db, $"SELECT COUNT(*) FROM payments WHERE StripeObjectId IN ({ids})", ct);
        var ledgerDistinct = await CountAsync(db, $"SELECT COUNT(DISTINCT StripeObjectId) FROM payments WHERE StripeObjectId IN ({ids})", ct);
        var receipts = await CountAsync(db, $"SELECT COUNT(*) FROM notice_outbox WHERE DedupeKey IN ({string.Join(',', invoices.Select(e => $"'receipt:{e["data"]!["object"]!["id"]!.GetValue<string>()}'"))})", ct);
        // wrk reads the file in order and starts again at its end: once it has gone round, the rest of
        // the run is duplicates, which the inbox answers without applying anything. The rate that
        // counts is distinct events applied per second, timed by the inbox itself (ReceivedAt is
        // written in the transaction that applies the event).
        var appliedMicroseconds = await CountAsync(db,
            $"SELECT COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(ReceivedAt), MAX(ReceivedAt)), 0) FROM stripe_inbox WHERE EventId LIKE 'evt_bench{runTag}%'", ct);
        var appliedPerSecond = inbox <= 1 ? 0 : (inbox - 1) / (Math.Max(appliedMicroseconds, 1) / 1_000_000.0);
        var wrapped = run.Requests > eventIds.Count;

        // Each event id is in the inbox at most once (its primary key); each invoice reached by at
        // least one event has exactly one ledger row and one receipt, however many events carried it;
        // every event wrk delivered (all of them, once it went round) is in the inbox.
        var answered = run.Requests - run.BadStatuses - run.SocketErrors;
        var exact = ledger == delivered.Count && ledgerDistinct == ledger && receipts == delivered.Count && inbox >= Math.Min(eventIds.Count, answered);
        var note = $"{appliedPerSecond:N0} distinct events applied per second ({inbox:N0} events in the inbox, first to last applied in {appliedMicroseconds / 1000.0:N0} ms); " +
            $"{run.Requests:N0} deliveries counted by wrk ({run.RequestsPerSecond:N0}/s) of {eventIds.Count:N0} distinct events ({invoices.Count} invoices x {CopiesPerInvoice})" +
            (wrapped ? ", so wrk went round and the rest were duplicates answered from the inbox" : string.Empty) +
            $"; the {delivered.Count} invoices reached have {ledger} ledger rows and {receipts} receipts: " +
            (exact ? "each applied exactly once" : "MISMATCH");
        Console.WriteLine($"    {appliedPerSecond:N0} events/s applied, p99 {run.P99Microseconds / 1000.0:F1} ms; {note}");
        string? profile = null;
        if (profiler is not null)
        {
            // Traced separately, as the other scenarios are, so the figure above stays untraced: the same
            // shape of load on subscriptions of its own.
            var traced = Path.Combine(work, "webhooks-traced.txt");
            var tracedInvoices = paidInvoices[(WarmUpSubscriptions + Subscriptions)..];
            await System.IO.File.WriteAllLinesAsync(traced, Enumerable.Range(0, CopiesPerInvoice).SelectMany(copy =>
                tracedInvoices.Select((template, i) => Signed(template, $"evt_traced{runTag}{copy}{i:D6}"))), ct);
            profile = await profiler.ProfileAsync(7, after.ProcessId, settings.Duration, () =>
                wrk.RunAsync(new WrkRequest("/webhooks/stripe", "POST", "{2}", "Stripe-Signature: {1}|Content-Type: application/json", traced, Sequential: true),
                    settings.Duration, ct: ct), ct);
            Console.WriteLine($"    profiled: {profile}");
        }

        return (new ScenarioResult(7, "Stripe webhook ingestion (signed invoice.paid)", run, null, false,
            (after.DbCommands - before.DbCommands) / (double)Math.Max(1, run.Requests), after.PeakMemoryKb / 1024.0, "events/s")
        {
            Note = note,
            Throughput = appliedPerSecond,
            JitMilliseconds = after.JitMilliseconds - before.JitMilliseconds,
            PerRequest = PerRequestCost.Between(before, after, run.Requests),
        }, profile);
    }

    /// <summary>The invoice.paid events the sandbox emitted, one per invoice, as Stripe sends them.</summary>
    private static async Task<List<JsonObject>> PaidInvoiceEventsAsync(HttpClient http, Uri apiBase, string key, CancellationToken ct)
    {
        var events = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                new Uri(apiBase, "/v1/events?type=invoice.paid&limit=100" + (after is null ? string.Empty : "&starting_after=" + after)));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
            var data = page["data"]!.AsArray();
            foreach (var item in data.OfType<JsonObject>())
            {
                events.TryAdd(item["data"]!["object"]!["id"]!.GetValue<string>(), item);
                after = item["id"]!.GetValue<string>();
            }

            if (page["has_more"]?.GetValue<bool>() != true || data.Count == 0)
            {
                return [.. events.Values];
            }
        }
    }

    /// <summary>
    /// The number of inbox rows whose event id starts with <paramref name="prefix"/>, once it has stopped
    /// growing: wrk stops counting with requests still in flight, and the site finishes them.
    /// </summary>
    private static async Task<long> SettledInboxAsync(MySqlConnection db, string prefix, CancellationToken ct, int quietSeconds = 5)
    {
        var inbox = -1L;
        for (var (settled, waited) = (0, 0); settled < quietSeconds && waited < 120; waited++)
        {
            await Task.Delay(1000, ct);
            var now = await CountAsync(db, $"SELECT COUNT(*) FROM stripe_inbox WHERE EventId LIKE '{prefix}%'", ct);
            settled = now == inbox ? settled + 1 : 0;
            inbox = now;
        }

        return inbox;
    }

    private static async Task<long> CountAsync(MySqlConnection db, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
