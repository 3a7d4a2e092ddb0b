using System.Text.RegularExpressions;

namespace FanClub.Web.Hosting;

/// <summary>Page <c>ForgotPassword</c> is served at <c>/account/forgot-password</c>: URLs people can read.</summary>
public sealed partial class KebabCaseRoutes : IOutboundParameterTransformer
{
    public string? TransformOutbound(object? value) =>
        value is null ? null : WordBoundary().Replace(value.ToString()!, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();
}
