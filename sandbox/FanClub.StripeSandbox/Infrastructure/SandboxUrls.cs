using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// Where the sandbox's hosted pages live. Objects created by the clock (renewal invoices)
/// have no request to take a host from, so the address is fixed once the server listens:
/// <c>Sandbox:PublicUrl</c> when set, else the first address Kestrel bound.
/// </summary>
internal sealed class SandboxUrls(IServer server, StripeSandboxOptions options)
{
    private Uri? baseAddress;

    public Uri BaseAddress => baseAddress ??= Resolve();

    public string Page(string relativePath) => new Uri(BaseAddress, relativePath).ToString();

    private Uri Resolve()
    {
        if (options.PublicUrl is { } configured)
        {
            return configured;
        }

        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The sandbox is not listening yet.");
        // A wildcard binding is not an address a browser can follow.
        first = first.Replace("://+:", "://localhost:", StringComparison.Ordinal)
            .Replace("://*:", "://localhost:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://localhost:", StringComparison.Ordinal);
        return new Uri(first.TrimEnd('/') + "/");
    }
}
