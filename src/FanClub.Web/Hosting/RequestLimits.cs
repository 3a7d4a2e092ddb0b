using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace FanClub.Web.Hosting;

/// <summary>
/// How big a request body may be. FanClub takes no uploads: its forms and API calls are a few
/// kilobytes, so anything near a megabyte is a mistake or an attack, refused with <c>413</c> and
/// problem details before the body is read (from <c>Content-Length</c>), or as soon as a body
/// without one passes the limit.
/// </summary>
public static class RequestLimits
{
    /// <summary>Any request.</summary>
    public const long DefaultBodyBytes = 1024 * 1024;

    /// <summary>Stripe's and partners' webhooks: Stripe's biggest events are a few tens of kilobytes.</summary>
    public const long WebhookBodyBytes = 256 * 1024;

    /// <summary>One form field: a display name, a password, an anti-forgery token.</summary>
    public const int FormValueBytes = 16 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultBodyBytes);
        services.Configure<FormOptions>(form =>
        {
            form.ValueLengthLimit = FormValueBytes;
            form.MultipartBodyLengthLimit = DefaultBodyBytes;
            form.ValueCountLimit = 200;
        });
        return services;
    }

    public static long LimitFor(PathString path) =>
        path.StartsWithSegments("/webhooks", StringComparison.OrdinalIgnoreCase) ? WebhookBodyBytes : DefaultBodyBytes;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = LimitFor(context.Request.Path);
            if (context.Request.ContentLength > limit)
            {
                await TooLargeAsync(context, limit);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            else
            {
                // No server-enforced limit here (an in-memory test server): count the bytes ourselves.
                context.Request.Body = new LimitedStream(context.Request.Body, limit);
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await TooLargeAsync(context, limit);
            }
        });

    private static Task TooLargeAsync(HttpContext context, long limit)
    {
        // The rest of the body is not read: the client should not keep sending it on this connection.
        context.Response.Headers.Connection = "close";
        return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
            detail: $"This address accepts at most {limit / 1024} KiB.",
            extensions: new Dictionary<string, object?> { ["maxBytes"] = limit }).ExecuteAsync(context);
    }

    /// <summary>Throws Kestrel's own 413 exception once more than the limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
