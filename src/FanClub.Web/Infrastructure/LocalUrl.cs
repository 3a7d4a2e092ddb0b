namespace FanClub.Web.Infrastructure;

/// <summary>Open-redirect guard for return URLs: only paths on this site are followed.</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary>The URL when it is local, otherwise the home page.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
