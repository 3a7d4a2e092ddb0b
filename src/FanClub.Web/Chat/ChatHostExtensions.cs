using FanClub.Domain.Partners;
using FanClub.Modules.PremiumChat;

namespace FanClub.Web.Chat;

/// <summary>What the host gives the premium chat module: SignalR, storage, and the hub's route.</summary>
public static class ChatHostExtensions
{
    public static IServiceCollection AddChatHost(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddScoped<IChatStore, EfChatStore>();
        return services;
    }

    /// <summary>Maps the chat hub when <c>Partners:Modules</c> runs the premium chat module.</summary>
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetServices<IPartnerModule>().Any(m => m is PremiumChatModule))
        {
            PremiumChatModule.MapPremiumChat(endpoints);
        }

        return endpoints;
    }
}
