using FanClub.Web.Data;
using FanClub.Web.Entitlements;
using FanClub.Web.Streams;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace FanClub.Web.Cluster;

/// <summary>
/// What lets any number of nodes serve the same club: nothing a member depends on lives in one
/// node's memory or disk. Data Protection keys (auth and anti-forgery cookies) are in the database;
/// with <c>ConnectionStrings:Redis</c> set, SignalR messages, the output cache, entitlement
/// notices and the players counted against the concurrent-stream limit go through Redis. Without
/// it the node works alone, exactly as before.
/// </summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>Shared by every node, so a cookie one node protects another can read.</summary>
    public const string ApplicationName = "FanClub";

    public const string RedisConnectionName = "Redis";

    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<FanClubDbContext>()
            // AES-GCM (OpenSSL, one pass) rather than the default AES-CBC plus HMAC: every signed-in
            // request decrypts its cookie, and CBC's decryption was an eighth of the members page.
            // Applies to keys made from now on; a key already made keeps its algorithm until it expires.
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });

        services.AddSingleton<LocalEntitlementListeners>();
        var redis = configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IEntitlementNoticeBus, InProcessEntitlementNoticeBus>();
            return services;
        }

        var options = ParseRedis(redis);
        // This connection carries the notices and the health check; the SignalR backplane and the
        // output cache open their own from the same settings (each owns and disposes its connection).
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton<IEntitlementNoticeBus, RedisEntitlementNoticeBus>();
        services.AddHostedService<RedisEntitlementNoticeSubscriber>();
        services.AddSingleton<IEntitlementInvalidationBus, RedisEntitlementInvalidationBus>();
        services.AddHostedService<RedisEntitlementInvalidationSubscriber>();
        services.Replace(ServiceDescriptor.Singleton<IStreamSessionRegistry, RedisStreamSessionRegistry>());
        services.AddSignalR().AddStackExchangeRedis(backplane =>
        {
            backplane.Configuration = options.Clone();
            backplane.Configuration.ChannelPrefix = RedisChannel.Literal("fanclub:signalr");
        });
        services.AddStackExchangeRedisOutputCache(cache =>
        {
            cache.ConfigurationOptions = options.Clone();
            cache.InstanceName = "fanclub:output:";
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [Health.HealthExtensions.Ready]);
        return services;
    }

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=...</c>); a node keeps retrying a Redis that is down.</summary>
    public static ConfigurationOptions ParseRedis(string configuration)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis is not a Redis configuration string: {e.Message}", e);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new InvalidOperationException("ConnectionStrings:Redis names no server (expected host:port).");
        }

        options.AbortOnConnectFail = false;
        options.ClientName ??= "fanclub-" + Environment.MachineName;
        return options;
    }
}
