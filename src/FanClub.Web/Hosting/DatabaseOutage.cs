using System.Data.Common;
using System.Text.Encodings.Web;
using FanClub.Web.Localization;
using Microsoft.Extensions.Localization;
using MySqlConnector;

namespace FanClub.Web.Hosting;

/// <summary>
/// When the database cannot be reached (restarting, failing over, overloaded), a request that needs
/// it answers <c>503 Service Unavailable</c> with <c>Retry-After</c>: pages get a short friendly
/// page, APIs and webhooks problem details (so Stripe and partners retry later). Never a stack
/// trace, in any environment, and nothing is half-written: the failed request's transaction never
/// committed. When the database is back the next request simply works; nothing needs restarting.
/// </summary>
public static partial class DatabaseOutage
{
    /// <summary>Seconds a client is asked to wait: about how long a MariaDB restart takes.</summary>
    public const int RetryAfterSeconds = 30;

    public static IApplicationBuilder UseDatabaseOutagePage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when ((e is OperationCanceledException || IsDatabaseUnavailable(e)) && context.RequestAborted.IsCancellationRequested)
            {
                // The client went away and its query was interrupted with it: no outage, nobody to answer.
                context.Abort();
            }
            catch (Exception e) when (IsDatabaseUnavailable(e) && !context.Response.HasStarted)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage).FullName!);
                LogUnavailable(logger, context.Request.Method, context.Request.Path, e.GetType().Name, e.Message);
                await WriteAsync(context);
            }
        });

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the database is out of reach, rather than a bug.</summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case MySqlException mysql when mysql.IsTransient
                    || mysql.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown
                        or MySqlErrorCode.QueryInterrupted or MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.ConnectionCountError
                    // 1927 ER_CONNECTION_KILLED (MariaDB), 2006 server gone away, 2013 lost connection during query.
                    || mysql.Number is 1927 or 2006 or 2013
                    || mysql.InnerException is IOException or System.Net.Sockets.SocketException:
                    return true;
                case DbException { IsTransient: true }:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsDatabaseUnavailable):
                    return true;
                default:
                    break;
            }
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Clear(); // keeps the security headers set before the request ran
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (WantsProblemDetails(context.Request))
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: text["Outage.Title"], detail: text["Outage.ApiDetail"],
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds }).ExecuteAsync(context);
            return;
        }

        // Self-contained on purpose: the error page's layout may need what is down (the session, the database).
        var html = HtmlEncoder.Default;
        var culture = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{html.Encode(culture)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{html.Encode(text["Outage.Title"])} - FanClub</title></head><body><main data-testid=\"outage\">" +
            $"<h1>{html.Encode(text["Outage.Title"])}</h1><p>{html.Encode(text["Outage.Text"])}</p>" +
            $"<p><a href=\"{html.Encode(context.Request.Path.Value ?? "/")}\">{html.Encode(text["Outage.Retry"])}</a></p></main></body></html>",
            context.RequestAborted);
    }

    private static bool WantsProblemDetails(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/webhooks", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable during {Method} {Path}: answered 503 ({ExceptionType}: {Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exceptionType, string reason);
}
