using FluentValidation;

namespace FanClub.Billing.Configuration;

/// <summary>Refuses a half-configured Stripe at start-up rather than at the first payment.</summary>
internal sealed class StripeOptionsValidator : AbstractValidator<StripeOptions>
{
    public StripeOptionsValidator()
    {
        When(o => !string.IsNullOrEmpty(o.SecretKey), () =>
        {
            RuleFor(o => o.SecretKey)
                .Must(k => k!.StartsWith("sk_", StringComparison.Ordinal) || k.StartsWith("rk_", StringComparison.Ordinal))
                .WithMessage("Stripe:SecretKey must be a secret (sk_…) or restricted (rk_…) key, not a publishable key.");
            RuleFor(o => o.WebhookSecret)
                .NotEmpty()
                .WithMessage("Stripe:WebhookSecret is required when Stripe:SecretKey is set: unsigned webhooks are never accepted.")
                .Must(s => s!.StartsWith("whsec_", StringComparison.Ordinal))
                .When(o => !string.IsNullOrEmpty(o.WebhookSecret), ApplyConditionTo.CurrentValidator)
                .WithMessage("Stripe:WebhookSecret must be an endpoint signing secret (whsec_…).");
        });
        RuleFor(o => o.PublishableKey)
            .Must(k => k!.StartsWith("pk_", StringComparison.Ordinal))
            .When(o => !string.IsNullOrEmpty(o.PublishableKey))
            .WithMessage("Stripe:PublishableKey must be a publishable key (pk_…).");
        RuleFor(o => o.ApiBase)
            .Must(u => u!.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback))
            .When(o => o.ApiBase is not null)
            .WithMessage("Stripe:ApiBase must be an absolute https URL (or a loopback address for tests).");
    }
}
