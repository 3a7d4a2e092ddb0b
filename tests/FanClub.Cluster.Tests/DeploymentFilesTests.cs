using System.Text.RegularExpressions;
using FanClub.Web.Health;
using YamlDotNet.RepresentationModel;

namespace FanClub.Cluster.Tests;

/// <summary>
/// The compose file and Kubernetes manifests under deploy/ cannot be run on this machine (no
/// container engine, no cluster); this checks what can be checked here: they parse, every object is
/// well formed, the probes point at the app's real health paths and port, and every setting they
/// pass is one the README documents.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Deploy = Path.Combine(ClusterFixture.RepositoryRoot(), "deploy");

    public static TheoryData<string> YamlFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Deploy, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(Deploy, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_file_parses_and_every_kubernetes_object_names_its_api_kind_and_name(string file)
    {
        var documents = Load(file);
        Assert.NotEmpty(documents);
        if (!file.StartsWith("kubernetes", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var document in documents)
        {
            Assert.False(string.IsNullOrEmpty(Scalar(document, "apiVersion")), $"{file}: an object has no apiVersion.");
            Assert.False(string.IsNullOrEmpty(Scalar(document, "kind")), $"{file}: an object has no kind.");
            Assert.False(string.IsNullOrEmpty(Scalar(document, "metadata", "name")), $"{file}: a {Scalar(document, "kind")} has no name.");
        }
    }

    [Fact]
    public void The_kubernetes_probes_point_at_the_apps_health_paths_on_the_port_it_listens_on()
    {
        var documents = Load(Path.Combine("kubernetes", "fanclub.yaml"));
        var deployment = documents.Single(d => Scalar(d, "kind") == "Deployment" && Scalar(d, "metadata", "name") == "fanclub");
        var container = (YamlMappingNode)((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers")!).Children[0];

        Assert.Equal(HealthExtensions.LivePath, Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(HealthExtensions.ReadyPath, Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(HealthExtensions.LivePath, Scalar(container, "startupProbe", "httpGet", "path"));
        var ports = ((YamlSequenceNode)Node(container, "ports")!).Children.Cast<YamlMappingNode>().ToList();
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            var port = Scalar(container, probe, "httpGet", "port");
            Assert.Contains(ports, p => Scalar(p, "name") == port);
        }

        var settings = documents.Single(d => Scalar(d, "kind") == "ConfigMap");
        var containerPort = Scalar(ports[0], "containerPort");
        Assert.EndsWith(":" + containerPort, Scalar(settings, "data", "ASPNETCORE_URLS"), StringComparison.Ordinal);
        var service = documents.Single(d => Scalar(d, "kind") == "Service");
        Assert.Equal(Scalar(ports[0], "name"), Scalar((YamlMappingNode)((YamlSequenceNode)Node(service, "spec", "ports")!).Children[0], "targetPort"));
    }

    [Fact]
    public void The_compose_health_check_asks_the_readiness_path()
    {
        var compose = Load("compose.yaml").Single();
        var test = string.Join(' ', ((YamlSequenceNode)Node(compose, "services", "fanclub", "healthcheck", "test")!).Children.Select(c => c.ToString()));
        Assert.Contains($"http://127.0.0.1:8080{HealthExtensions.ReadyPath}", test, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_the_deployment_files_pass_is_a_documented_configuration_key()
    {
        var readme = File.ReadAllText(Path.Combine(ClusterFixture.RepositoryRoot(), "README.md"));
        var documented = DocumentedKey().Matches(readme).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var passed = new List<string>();
        foreach (var document in Load(Path.Combine("kubernetes", "fanclub.yaml")).Concat(Load(Path.Combine("kubernetes", "secrets.example.yaml"))))
        {
            foreach (var section in new[] { "data", "stringData" })
            {
                if (Node(document, section) is YamlMappingNode values)
                {
                    passed.AddRange(values.Children.Keys.Select(k => k.ToString()));
                }
            }
        }

        passed.AddRange(((YamlMappingNode)Node(Load("compose.yaml").Single(), "x-fanclub-environment")!).Children.Keys.Select(k => k.ToString()));
        Assert.NotEmpty(passed);
        foreach (var variable in passed.Where(v => v.Contains("__", StringComparison.Ordinal)))
        {
            // Partners__Modules__0 is documented as Partners:Modules:N.
            var key = IndexSegment().Replace(variable.Replace("__", ":", StringComparison.Ordinal), ":N");
            Assert.True(documented.Contains(key), $"{variable} is not a configuration key the README documents.");
        }
    }

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Deploy, file)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode? Node(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static string? Scalar(YamlMappingNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    [GeneratedRegex(@"^\| `([A-Za-z]+(?::[A-Za-z0-9]+)+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedKey();

    [GeneratedRegex(@":\d+(?=:|$)")]
    private static partial Regex IndexSegment();
}
