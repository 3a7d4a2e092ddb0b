using FanClub.Web.Partners;

namespace FanClub.Web.Hosting;

/// <summary>
/// One-off operator commands run with the site's own configuration instead of serving:
/// <c>FanClub.Web partner add &lt;id&gt; &lt;name&gt; [webhook-url]</c>. Returns null when the arguments are not a command.
/// </summary>
public static class AdminCommands
{
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        if (args is not ["partner", "add", var id, var name, ..])
        {
            return args is ["partner", ..] ? Usage() : null;
        }

        Uri? webhook = null;
        if (args.Length > 4 && !Uri.TryCreate(args[4], UriKind.Absolute, out webhook))
        {
            return Usage();
        }

        await using var scope = app.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<PartnerOnboarding>().AddAsync(id, name, webhook, CancellationToken.None);
        if (!added.Succeeded)
        {
            await Console.Error.WriteLineAsync($"partner add: {added.Failure!.Message}");
            return 1;
        }

        var (partner, key) = added.Value;
        Console.WriteLine($"partner '{partner.Id}' added.");
        Console.WriteLine($"  API key (shown once, store it now): {key}");
        Console.WriteLine($"  webhook signing secret: {partner.WebhookSecret}");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: partner add <id> <name> [webhook-url]");
        return 2;
    }
}
