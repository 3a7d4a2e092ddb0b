namespace FanClub.Web.Streams;

public static class StreamsServiceCollectionExtensions
{
    /// <summary>
    /// The host's side of live streams: the concurrent-session registry behind the token endpoint,
    /// in this process (<c>AddCluster</c> puts it in Redis when <c>ConnectionStrings:Redis</c> is set).
    /// Which streams exist and where the edge is come from the stream module (<c>Partners:livestream</c>).
    /// </summary>
    public static IServiceCollection AddStreams(this IServiceCollection services)
    {
        services.AddSingleton<IStreamSessionRegistry, InProcessStreamSessionRegistry>();
        services.AddSingleton<StreamLinks>();
        // Also what creates the registry at start-up, so its recovering window runs from the start.
        services.AddHostedService<StreamSessionSweeper>();
        return services;
    }

    /// <summary>The token endpoints, and the host's own <c>/live/</c> edge when <see cref="LocalEdge.RootSetting"/> is set.</summary>
    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStreamTokens();
        endpoints.MapLocalEdge();
        return endpoints;
    }
}
