namespace FanClub.Benchmarks;

/// <summary>
/// The members the cookie scenarios act as, and the file of their cookie lines for wrk
/// (<c>cookie TAB stream-session-id</c>). wrk replays the same cookie and ignores the renewed one a
/// browser would keep, so a cookie older than the security-stamp interval (one minute) would make every
/// request re-check the session against the database: a load no browser makes. Each cookie scenario
/// therefore signs its members in again just before it runs, through the site it measures. Each member
/// signs in from an address of its own (TEST-NET-2, through the trusted proxy's X-Forwarded-For), as fans
/// at home do: three rounds of sign-ins from one address within a minute would meet the log-in limit
/// per address, which scenario 8 measures on purpose. Behind the cluster's nginx the node sees nginx's
/// view of the client (loopback), and one round per cluster size stays under that limit.
/// </summary>
internal sealed class SignedInMembers(IReadOnlyList<SeededMember> members, string linesFile)
{
    // One stream session per member for the whole run: a new id per sign-in would open new sessions
    // while the old ones still count against the member's limit.
    private readonly string[] _sessions = [.. members.Select((_, i) => $"bench-session-{i:D4}-{Guid.NewGuid():N}")];

    /// <summary>The cookie lines of the last sign-in.</summary>
    public string LinesFile => linesFile;

    /// <summary>Signs every member in on <paramref name="site"/>; returns the cookie header values, in order.</summary>
    public async Task<IReadOnlyList<string>> SignInAsync(SiteClient site, CancellationToken ct)
    {
        var cookies = new List<string>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            cookies.Add(await site.SignInAsync(members[i].Email, Seeder.Password, ct, $"198.51.100.{i % 254 + 1}"));
        }

        await File.WriteAllLinesAsync(linesFile, cookies.Select((cookie, i) => $"{cookie}\t{_sessions[i]}"), ct);
        return cookies;
    }

    /// <summary>Fresh sign-ins on <paramref name="site"/>, then the lines file wrk reads.</summary>
    public async Task<string> FreshLinesAsync(SiteClient site, CancellationToken ct)
    {
        await SignInAsync(site, ct);
        return linesFile;
    }
}
