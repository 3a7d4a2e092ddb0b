using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Checkout;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Subscriptions;

namespace FanClub.StripeSandbox.TestClocks;

/// <summary>
/// Moves sandbox time forward and runs, in time order, everything that falls due on the way:
/// checkout session expiry, <c>invoice.upcoming</c> (7 days before a renewal),
/// <c>trial_will_end</c> (3 days before a trial ends), renewals and trial ends, cancellation at
/// period end, payment retries, and expiry of incomplete subscriptions (23 hours). The clock is
/// set to each job's due time while it runs, so timestamps read as they would at Stripe.
/// What is due is read from the objects themselves (periods, <c>next_payment_attempt</c>,
/// <c>expires_at</c>), so there is no separate schedule to keep in step.
/// </summary>
internal sealed class ClockAdvancer(SandboxStore store, SandboxClock clock, SubscriptionService subscriptions, CheckoutFlow checkout)
{
    private const long Day = 24 * 60 * 60;
    private const long UpcomingNoticeSeconds = 7 * Day;
    private const long TrialNoticeSeconds = 3 * Day;
    private const int MaxJobsPerAdvance = 100_000;

    private sealed record DueJob(long At, Action<SandboxState> Run);

    public void AdvanceTo(DateTimeOffset target) => store.Write(state => RunUntil(state, target.ToUnixTimeSeconds(), target));

    /// <summary>Runs what real time has made due; cheap when nothing is.</summary>
    public void RunDue()
    {
        var now = clock.UnixNow;
        if (store.Read(state => NextJob(state) is { } job && job.At <= now))
        {
            store.Write(state => RunUntil(state, clock.UnixNow, target: null));
        }
    }

    private void RunUntil(SandboxState state, long until, DateTimeOffset? target)
    {
        for (var count = 0; NextJob(state) is { } job && job.At <= until; count++)
        {
            if (count == MaxJobsPerAdvance)
            {
                throw new InvalidOperationException("The sandbox clock found no end of due work; a job is not marking itself done.");
            }

            clock.MoveTo(job.At);
            job.Run(state);
        }

        if (target is { } end)
        {
            clock.MoveTo(end);
        }
    }

    private DueJob? NextJob(SandboxState state) => DueJobs(state).MinBy(j => j.At);

    private IEnumerable<DueJob> DueJobs(SandboxState state)
    {
        foreach (var session in state.CheckoutSessions.Values.Where(s => s.Str("status") == "open"))
        {
            yield return new DueJob(session.Long("expires_at"), s => checkout.Expire(s, session));
        }

        foreach (var invoice in state.Invoices.Values.Where(i => i.Str("status") == "open" && i.LongOrNull("next_payment_attempt") is not null))
        {
            yield return new DueJob(invoice.Long("next_payment_attempt"), s => subscriptions.RetryPayment(s, invoice));
        }

        foreach (var subscription in state.Subscriptions.Values)
        {
            foreach (var job in SubscriptionJobs(state, subscription))
            {
                yield return job;
            }
        }
    }

    private IEnumerable<DueJob> SubscriptionJobs(SandboxState state, JsonObject subscription)
    {
        var status = subscription.Str("status");
        if (status == "incomplete")
        {
            yield return new DueJob(subscription.Long("created") + SubscriptionService.IncompleteExpirySeconds, s => subscriptions.ExpireIncomplete(s, subscription));
            yield break;
        }

        if (status is not ("active" or "trialing" or "past_due"))
        {
            yield break;
        }

        var item = SubscriptionService.FirstItem(subscription);
        var periodStart = item.Long("current_period_start");
        var periodEnd = item.Long("current_period_end");
        var marks = state.MarksFor(subscription.RequiredStr("id"));
        if (subscription.Bool("cancel_at_period_end"))
        {
            yield return new DueJob(periodEnd, s => subscriptions.Cancel(s, subscription, "cancellation_requested"));
            yield break;
        }

        yield return new DueJob(periodEnd, s => subscriptions.Renew(s, subscription));

        if (status == "trialing" && !marks.TrialWillEndSent)
        {
            var trialEnd = subscription.Long("trial_end");
            yield return new DueJob(Math.Max(subscription.Long("trial_start"), trialEnd - TrialNoticeSeconds), s => subscriptions.SendTrialWillEnd(s, subscription));
        }

        if (marks.UpcomingSentForPeriodEnd != periodEnd && periodEnd - UpcomingNoticeSeconds > periodStart)
        {
            yield return new DueJob(periodEnd - UpcomingNoticeSeconds, s => subscriptions.SendUpcoming(s, subscription));
        }
    }
}
