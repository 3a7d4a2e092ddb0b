using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Localization;

/// <summary>A missing key shows its name to the visitor ("Login.Failed"); a key only in English shows English to French readers.</summary>
public sealed partial class ResourceKeyTests(ITestOutputHelper output)
{
    private static readonly string WebProject = RepositoryFiles.PathOf("src", "FanClub.Web");

    [Fact]
    public void English_and_french_resources_have_the_same_keys()
    {
        var english = Keys("SharedResource.resx");
        var french = Keys("SharedResource.fr.resx");

        Assert.Empty(english.Except(french));
        Assert.Empty(french.Except(english));
    }

    [Fact]
    public void Every_key_the_code_uses_exists_in_both_languages()
    {
        var english = Keys("SharedResource.resx");
        var french = Keys("SharedResource.fr.resx");
        // Sections in use ("Login", "Email"...): a literal like "Email.Confirm.Subject" passed
        // around before reaching the localizer counts as a use too.
        var sections = english.Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);

        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            var source = File.ReadAllText(file);
            foreach (Match lookup in Lookup().Matches(source))
            {
                foreach (Match literal in KeyLikeLiteral().Matches(lookup.Groups["args"].Value))
                {
                    used.Add(literal.Groups["text"].Value);
                }
            }

            if (file.EndsWith(".cs", StringComparison.Ordinal))
            {
                foreach (Match literal in KeyLikeLiteral().Matches(source))
                {
                    if (sections.Contains(literal.Groups["section"].Value))
                    {
                        used.Add(literal.Groups["text"].Value);
                    }
                }
            }
        }

        // "Billing.Status." + status: a prefix completed at run time, checked per enum value below.
        used.RemoveWhere(k => k.EndsWith('.'));
        output.WriteLine($"{used.Count} keys used in code, {english.Count} in the resources");
        Assert.True(used.Count > 100, $"Only {used.Count} keys found: the scan is broken.");
        var missingInEnglish = used.Where(k => !english.Contains(k)).ToList();
        var missingInFrench = used.Where(k => !french.Contains(k)).ToList();
        Assert.True(missingInEnglish.Count == 0, "Missing in SharedResource.resx: " + string.Join(", ", missingInEnglish));
        Assert.True(missingInFrench.Count == 0, "Missing in SharedResource.fr.resx: " + string.Join(", ", missingInFrench));
    }

    /// <summary>Keys built from an enum value at run time: every value needs its text in both languages.</summary>
    [Fact]
    public void Every_key_built_from_an_enum_exists_in_both_languages()
    {
        var expected = Enum.GetNames<FanClub.Domain.Subscriptions.SubscriptionStatus>().Select(s => "Billing.Status." + s)
            .Concat(Enum.GetNames<FanClub.Domain.Payments.PaymentStatus>().Select(s => "Billing.Payment." + s))
            .Concat(Enum.GetNames<FanClub.Billing.Notices.BillingNoticeKind>().SelectMany(k => new[] { $"Notice.{k}.Subject", $"Notice.{k}.Body" }))
            .ToList();

        foreach (var file in new[] { "SharedResource.resx", "SharedResource.fr.resx" })
        {
            var missing = expected.Except(Keys(file)).ToList();
            Assert.True(missing.Count == 0, $"Missing in {file}: {string.Join(", ", missing)}");
        }
    }

    private static HashSet<string> Keys(string file)
    {
        var document = XDocument.Load(Path.Combine(WebProject, "Resources", "Localization", file));
        var keys = document.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary><c>L["Key"]</c>, <c>text["Key", arg]</c>, <c>text[cond ? "A" : "B"]</c>.</summary>
    [GeneratedRegex(@"\b(?:L|text)\[(?<args>[^\]]+)\]")]
    private static partial Regex Lookup();

    [GeneratedRegex("\"(?<text>(?<section>[A-Z][A-Za-z]*)\\.[A-Za-z][A-Za-z0-9.]*)\"")]
    private static partial Regex KeyLikeLiteral();
}
