using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace FanClub.Cluster.Tests;

/// <summary>One partner webhook POST as it arrived.</summary>
public sealed record PartnerPost(string Path, string MessageId, string Timestamp, string Signature, string Body)
{
    public Guid MemberId => Guid.Parse((string)JsonNode.Parse(Body)!["data"]!["member"]!);
}

/// <summary>
/// Partners' webhook endpoints (<c>/webhooks/{partner}</c>, one per partner, since every enabled partner
/// hears of every change): answers 204 to every POST and keeps them all, duplicates included.
/// </summary>
public sealed class PartnerReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<PartnerPost> _posts = new();

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public Uri EndpointOf(string partnerId) => new(Endpoint, partnerId);

    public IReadOnlyList<PartnerPost> PostsTo(string partnerId) => [.. _posts.Where(p => p.Path == "/webhooks/" + partnerId)];

    public void Start()
    {
        var port = ChildProcess.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/webhooks/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var headers = context.Request.Headers;
                _posts.Enqueue(new PartnerPost(context.Request.Url!.AbsolutePath, headers["webhook-id"] ?? string.Empty, headers["webhook-timestamp"] ?? string.Empty,
                    headers["webhook-signature"] ?? string.Empty, await reader.ReadToEndAsync()));
            }

            context.Response.StatusCode = (int)HttpStatusCode.NoContent;
            context.Response.Close();
        }
    }
}
