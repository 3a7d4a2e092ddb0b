using Microsoft.Extensions.Options;

namespace FanClub.Web.Email;

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<OutboxEmailSender>();
        services.AddSingleton<IEmailOutbox>(sp => sp.GetRequiredService<OutboxEmailSender>());
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpEmailSender>()
            : sp.GetRequiredService<OutboxEmailSender>());
        return services;
    }
}
