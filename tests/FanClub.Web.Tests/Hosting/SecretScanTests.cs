using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Hosting;

/// <summary>
/// Secrets come only from configuration and the environment: no committed file holds a live-looking
/// key. Test fixtures use obviously fake values (<c>sk_test_fanclub_…</c>, <c>whsec_fanclub_…</c>),
/// which the patterns below allow; anything shaped like a real credential fails the build.
/// </summary>
public sealed partial class SecretScanTests(ITestOutputHelper output)
{
    [Fact]
    public void No_committed_file_contains_a_key_or_a_private_key()
    {
        var files = CommittedFiles();
        var findings = new List<string>();
        foreach (var file in files)
        {
            var path = RepositoryFiles.PathOf(file);
            if (!File.Exists(path) || new FileInfo(path).Length > 2_000_000 || IsBinary(path))
            {
                continue;
            }

            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                foreach (var (name, pattern) in Patterns)
                {
                    if (pattern.Match(line) is { Success: true } match && !IsPlaceholder(match.Value) && !IsLoopbackTestDatabase(name, line))
                    {
                        findings.Add($"{file}:{lineNumber}: {name} ({match.Value[..Math.Min(12, match.Value.Length)]}…)");
                    }
                }
            }
        }

        output.WriteLine($"{files.Count} committed files scanned with {Patterns.Count} patterns: {findings.Count} findings");
        Assert.True(files.Count > 100, "git ls-files listed too few files: is this a checkout?");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void The_patterns_catch_real_looking_keys()
    {
        string[] leaks =
        [
            "Stripe__SecretKey=sk_live_" + "51HxYzAbCdEfGhIjKlMnOpQrStUv",
            "key: rk_live_" + "51HxYzAbCdEfGhIjKlMnOpQrStUv",
            "\"WebhookSecret\": \"whsec_" + "4eC39HqLyjWDarjtT1zdp7dc4eC39HqL\"",
            "-----BEGIN " + "PRIVATE KEY-----",
            "-----BEGIN EC " + "PRIVATE KEY-----",
            "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE",
            "Password=" + "hunter2hunter2;Server=db.example.com",
        ];

        Assert.All(leaks, leak => Assert.Contains(Patterns, p => p.Pattern.IsMatch(leak) && !IsPlaceholder(p.Pattern.Match(leak).Value)));
    }

    private static readonly IReadOnlyList<(string Name, Regex Pattern)> Patterns =
    [
        ("Stripe live key", StripeLiveKey()),
        ("Stripe webhook secret", WebhookSecret()),
        ("private key", PrivateKey()),
        ("AWS access key", AwsKey()),
        ("connection string password", ConnectionPassword()),
    ];

    /// <summary>Values that are fake by construction: test fixtures, documentation (<c>password=...</c>), the deployment examples' <c>CHANGE-ME</c>, the scanner's own examples.</summary>
    private static bool IsPlaceholder(string value) =>
        value.Contains("fanclub", StringComparison.OrdinalIgnoreCase)
        || value.Contains("sandbox", StringComparison.OrdinalIgnoreCase)
        || value.Contains("test", StringComparison.OrdinalIgnoreCase)
        || value.Contains("example", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("AKIA", StringComparison.Ordinal)
        || value.Contains("CHANGE-ME", StringComparison.OrdinalIgnoreCase) || value.Contains("...", StringComparison.Ordinal)
        || value.Contains('$', StringComparison.Ordinal) || value.Contains('{', StringComparison.Ordinal) || value.Contains('…', StringComparison.Ordinal);

    /// <summary>A throw-away password for a database on this machine (tests, the dev script), not a credential.</summary>
    private static bool IsLoopbackTestDatabase(string pattern, string line) =>
        pattern == "connection string password" && (line.Contains("127.0.0.1", StringComparison.Ordinal) || line.Contains("localhost", StringComparison.Ordinal));

    private static List<string> CommittedFiles()
    {
        using var git = Process.Start(new ProcessStartInfo("git", "ls-files -z")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("git did not start.");
        var listing = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return [.. listing.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[512];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head);
        return head[..read].Contains((byte)0);
    }

    [GeneratedRegex(@"[sr]k_live_[0-9A-Za-z]{16,}")]
    private static partial Regex StripeLiveKey();

    [GeneratedRegex(@"whsec_[0-9A-Za-z]{24,}")]
    private static partial Regex WebhookSecret();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"AKIA[0-9A-Z]{16}")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"Password=(?!\$|\{)[^;""'\s]{6,}", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionPassword();
}
