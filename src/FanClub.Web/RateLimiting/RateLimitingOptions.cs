using System.Linq.Expressions;
using FluentValidation;

namespace FanClub.Web.RateLimiting;

/// <summary>
/// <c>RateLimiting:*</c>: how often the abuse-prone forms (log-in, registration, password reset,
/// checkout) may be posted, per client IP and per account. Every limit is a sliding window.
/// </summary>
/// <remarks>
/// The keys are a contract: operators and the fault-injection tests set them by name
/// (<c>RateLimiting__LogIn__PerAccount__PermitLimit</c>). Rename nothing without updating README.md.
/// </remarks>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Off only for a test or a benchmark that must not be throttled; never in production.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The secret of the HMAC that turns addresses and e-mails into partition keys. Every node of a
    /// cluster must use the same one, or their counters in Redis would never meet; required with
    /// <c>ConnectionStrings:Redis</c>. Alone, a node may leave it unset and draws a random one.
    /// </summary>
    public string? KeySecret { get; set; }

    /// <summary>Set by the host, not bound: <c>ConnectionStrings:Redis</c> is configured, so the counters live there.</summary>
    internal bool CountersInRedis { get; set; }

    /// <summary>Log-in, including the second-factor and recovery-code steps (those per IP only).</summary>
    public OperationLimits LogIn { get; set; } = new(new(20, TimeSpan.FromMinutes(1)), new(10, TimeSpan.FromMinutes(15)));

    /// <summary>New accounts: a NAT'd venue may register many fans, one address rarely needs more than a retry or two.</summary>
    public OperationLimits Registration { get; set; } = new(new(20, TimeSpan.FromMinutes(10)), new(3, TimeSpan.FromHours(1)));

    /// <summary>Reset links by mail (asking and using one): few per address, so nobody's inbox can be flooded.</summary>
    public OperationLimits PasswordReset { get; set; } = new(new(10, TimeSpan.FromMinutes(10)), new(3, TimeSpan.FromHours(1)));

    /// <summary>Every billing action that calls Stripe (subscribe, switch, pass, cancel, resume, portal); the account is the member.</summary>
    public OperationLimits Checkout { get; set; } = new(new(30, TimeSpan.FromMinutes(1)), new(10, TimeSpan.FromMinutes(10)));

    public OperationLimits For(RateLimitedOperation operation) => operation switch
    {
        RateLimitedOperation.LogIn => LogIn,
        RateLimitedOperation.Registration => Registration,
        RateLimitedOperation.PasswordReset => PasswordReset,
        RateLimitedOperation.Checkout => Checkout,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
    };
}

/// <summary>The two limits of one operation: a request must get a permit from both.</summary>
public sealed class OperationLimits
{
    public OperationLimits()
    {
    }

    public OperationLimits(WindowLimit perIp, WindowLimit perAccount)
    {
        PerIp = perIp;
        PerAccount = perAccount;
    }

    /// <summary>Per client address (IPv6 per /64, which is what one subscriber usually gets).</summary>
    public WindowLimit PerIp { get; set; } = new();

    /// <summary>Per account: the e-mail typed in the form, or the signed-in member for checkout.</summary>
    public WindowLimit PerAccount { get; set; } = new();
}

public sealed class WindowLimit
{
    public WindowLimit()
    {
    }

    public WindowLimit(int permitLimit, TimeSpan window)
    {
        PermitLimit = permitLimit;
        Window = window;
    }

    /// <summary>Requests allowed in any <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

internal sealed class RateLimitingOptionsValidator : AbstractValidator<RateLimitingOptions>
{
    /// <summary>Above this a limit protects nothing; tests that must not be throttled turn <c>Enabled</c> off or stay below.</summary>
    public const int MaxPermitLimit = 1_000_000;

    /// <summary>As long as a 256-bit key written in hex or base64 would be: a short secret could be guessed offline.</summary>
    public const int MinKeySecretLength = 32;

    public RateLimitingOptionsValidator()
    {
        RuleFor(o => o.KeySecret)
            .NotEmpty()
            .When(o => o.Enabled && o.CountersInRedis)
            .WithMessage($"{RateLimitingOptions.Section}:KeySecret is required with ConnectionStrings:Redis: every node must hash rate-limit keys with the same secret (at least {MinKeySecretLength} characters).");
        RuleFor(o => o.KeySecret)
            .MinimumLength(MinKeySecretLength)
            .When(o => !string.IsNullOrEmpty(o.KeySecret))
            .WithMessage($"{RateLimitingOptions.Section}:KeySecret must be at least {MinKeySecretLength} characters.");
        Limit(o => o.LogIn.PerIp, "LogIn:PerIp");
        Limit(o => o.LogIn.PerAccount, "LogIn:PerAccount");
        Limit(o => o.Registration.PerIp, "Registration:PerIp");
        Limit(o => o.Registration.PerAccount, "Registration:PerAccount");
        Limit(o => o.PasswordReset.PerIp, "PasswordReset:PerIp");
        Limit(o => o.PasswordReset.PerAccount, "PasswordReset:PerAccount");
        Limit(o => o.Checkout.PerIp, "Checkout:PerIp");
        Limit(o => o.Checkout.PerAccount, "Checkout:PerAccount");
    }

    private void Limit(Expression<Func<RateLimitingOptions, WindowLimit>> limit, string name)
    {
        var key = $"{RateLimitingOptions.Section}:{name}";
        RuleFor(limit)
            .Must(l => l.PermitLimit is >= 1 and <= MaxPermitLimit)
            .WithMessage($"{key}:PermitLimit must be between 1 and {MaxPermitLimit}.");
        RuleFor(limit)
            .Must(l => l.Window >= TimeSpan.FromSeconds(1) && l.Window <= TimeSpan.FromDays(1))
            .WithMessage($"{key}:Window must be between 00:00:01 and 1.00:00:00.");
    }
}
