using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using FanClub.Billing.Configuration;
using FanClub.Web.Cluster;
using FluentValidation;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FanClub.Web.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter in front of the forms an attacker repeats. A post to a page marked
/// <see cref="RateLimitedAttribute"/> needs a permit from two partitioned sliding windows, one keyed
/// by the client's address and one by the account it names, so neither one address trying many
/// accounts (credential stuffing) nor many addresses trying one account gets far. A refusal is a
/// 429 with <c>Retry-After</c>; forms show the friendly error page with that status.
/// </summary>
/// <remarks>
/// Partition keys are keyed hashes (<see cref="RateLimitKeys"/>) of the address and of the e-mail or
/// member id, so neither memory dumps of the limiter, nor Redis, nor logs hold personal data. The
/// limiter runs only on those posts: the hot read paths never touch it. With
/// <c>ConnectionStrings:Redis</c> the windows are counted in Redis (<see cref="RedisRateLimitStore"/>),
/// so a cluster of nodes allows a limit once, not once per node; alone, in the process.
/// </remarks>
public static partial class RateLimitingExtensions
{
    /// <summary>Sliding windows move in quarters: a burst at a window's edge cannot double the limit.</summary>
    public const int SegmentsPerWindow = 4;

    public static IServiceCollection AddFanClubRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString(ClusterServiceCollectionExtensions.RedisConnectionName);
        var shared = !string.IsNullOrWhiteSpace(redis);
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.Section))
            .PostConfigure(options => options.CountersInRedis = shared)
            .ValidateOnStart();
        services.AddSingleton<IValidator<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, FluentOptionsValidation<RateLimitingOptions>>();
        services.AddSingleton<RateLimitKeys>();
        if (shared)
        {
            services.AddSingleton(provider => new RedisRateLimitStore(redis!, provider.GetRequiredService<ILogger<RedisRateLimitStore>>()));
        }

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitingOptions>, ILoggerFactory, IServiceProvider>((limiter, limits, loggers, provider) =>
            {
                var rejections = new RejectionLog(loggers.CreateLogger(typeof(RateLimitingExtensions).FullName!), provider.GetRequiredService<TimeProvider>());
                var store = provider.GetService<RedisRateLimitStore>();
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value, store, perAccount: false)),
                    PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value, store, perAccount: true)));
                limiter.OnRejected = (rejected, _) =>
                {
                    var target = rejected.HttpContext.Features.Get<RateLimitTarget>()!;
                    var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                        ? after
                        : target.ShortestSegment(limits.Value);
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    rejections.Rejected(target.Operation, seconds);
                    return ValueTask.CompletedTask;
                };
            });
        return services;
    }

    /// <summary>After authentication (checkout's account is the member), before anything costly runs.</summary>
    public static IApplicationBuilder UseFanClubRateLimiting(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
        {
            return app;
        }

        var keys = app.ApplicationServices.GetRequiredService<RateLimitKeys>();
        // Connects to Redis now, at start-up, rather than on the first log-in.
        _ = app.ApplicationServices.GetService<RedisRateLimitStore>();
        return app.UseWhen(
            context => HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is not null,
            limited =>
            {
                limited.Use((context, next) => IdentifyAsync(context, next, keys));
                limited.UseRateLimiter();
            });
    }

    /// <summary>Works out the partition keys before the limiter, whose partitioner cannot await the form.</summary>
    private static async Task IdentifyAsync(HttpContext context, RequestDelegate next, RateLimitKeys keys)
    {
        var marker = context.GetEndpoint()!.Metadata.GetRequiredMetadata<RateLimitedAttribute>();
        string? account = null;
        if (marker.AccountField is { } field)
        {
            // Read once and kept by the form feature: model binding and anti-forgery reuse it.
            if (context.Request.HasFormContentType)
            {
                IFormCollection form;
                try
                {
                    form = await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is InvalidDataException || e is BadHttpRequestException { StatusCode: not StatusCodes.Status413PayloadTooLarge })
                {
                    // An unreadable form (a NUL, a field over the form limits): a 400, as anti-forgery
                    // would answer; not a 500. A body over the size limit goes on to its 413.
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                var typed = form[field].ToString();
                account = string.IsNullOrWhiteSpace(typed) ? null : keys.ForAccount(typed.Trim().ToUpperInvariant());
            }
        }
        else if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } member)
        {
            account = keys.ForAccount(member);
        }

        context.Features.Set(new RateLimitTarget(marker.Operation, keys.ForAddress(context.Connection.RemoteIpAddress), account));
        await next(context);
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitingOptions limits, RedisRateLimitStore? store, bool perAccount)
    {
        var target = context.Features.Get<RateLimitTarget>();
        var key = target is null ? null : perAccount ? target.AccountKey : target.AddressKey;
        if (target is null || key is null)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var operation = limits.For(target.Operation);
        var limit = perAccount ? operation.PerAccount : operation.PerIp;
        var partition = string.Concat(target.Operation.ToString(), perAccount ? ":account:" : ":ip:", key);
        // Alone, the partitioned limiter's own timer replenishes the windows; the fallback window
        // inside a shared one is out of its sight and replenishes itself.
        return store is null
            ? RateLimitPartition.GetSlidingWindowLimiter(partition, _ => LocalWindow(limit))
            : RateLimitPartition.Get(partition, name => new SharedWindowLimiter(store, name, limit, () => new SlidingWindowRateLimiter(LocalWindow(limit))));
    }

    /// <summary>The window counted in this process: a node alone, or any node while Redis is out of reach.</summary>
    private static SlidingWindowRateLimiterOptions LocalWindow(WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        SegmentsPerWindow = SegmentsPerWindow,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    [LoggerMessage(EventId = 4290, Level = LogLevel.Warning,
        Message = "Rate limit reached for {Operation}: {Rejected} request(s) answered 429 since the last report, retry after {RetryAfterSeconds} s")]
    private static partial void LogRejected(ILogger logger, RateLimitedOperation operation, long rejected, int retryAfterSeconds);

    /// <summary>
    /// One warning per operation per <see cref="Interval"/>, with the count: a credential-stuffing
    /// run refused 89,000 times in 10 s (the benchmark's log-in burst) wrote 89,000 lines before.
    /// The first refusal is reported at once.
    /// </summary>
    private sealed class RejectionLog(ILogger logger, TimeProvider clock)
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
        private readonly ConcurrentDictionary<RateLimitedOperation, Counter> _counters = new();

        public void Rejected(RateLimitedOperation operation, int retryAfterSeconds)
        {
            var counter = _counters.GetOrAdd(operation, _ => new Counter());
            Interlocked.Increment(ref counter.Rejected);
            var now = clock.GetTimestamp();
            var last = Interlocked.Read(ref counter.LastReported);
            if ((last != 0 && clock.GetElapsedTime(last, now) < Interval) || Interlocked.CompareExchange(ref counter.LastReported, now, last) != last)
            {
                return;
            }

            LogRejected(logger, operation, Interlocked.Exchange(ref counter.Rejected, 0), retryAfterSeconds);
        }

        private sealed class Counter
        {
#pragma warning disable SA1401 // fields, for Interlocked
            public long Rejected;
            public long LastReported;
#pragma warning restore SA1401
        }
    }
}

/// <summary>Who a limited post counts against: hashed keys only.</summary>
internal sealed record RateLimitTarget(RateLimitedOperation Operation, string AddressKey, string? AccountKey)
{
    /// <summary>When a window next frees a permit, at the earliest: the shorter of the two segments.</summary>
    public TimeSpan ShortestSegment(RateLimitingOptions limits)
    {
        var operation = limits.For(Operation);
        var shortest = TimeSpan.FromTicks(Math.Min(operation.PerIp.Window.Ticks, operation.PerAccount.Window.Ticks));
        return shortest / RateLimitingExtensions.SegmentsPerWindow;
    }
}
