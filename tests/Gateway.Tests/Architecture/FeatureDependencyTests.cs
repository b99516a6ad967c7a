using System.Text.RegularExpressions;
using Platform.Testing;

namespace Platform.Gateway.Tests.Architecture;

/// <summary>
/// The Gateway's feature folders depend in one direction: a feature namespace that uses another (by a
/// <c>using Platform.Gateway.X</c> line or a fully-qualified name) must not be used by it, directly or round a loop.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    [Fact]
    public void NoFeatureNamespacesOfTheGatewayFormACycle()
    {
        var cycles = FeatureGraph.Read(Path.Combine(RepositoryLayout.Root, "src", "Gateway")).Cycles();

        Assert.True(cycles.Count == 0, "Feature namespaces form cycles:\n" + string.Join("\n", cycles.Select(cycle => string.Join(" -> ", cycle))));
    }

    [Fact]
    public void ACycleOfThreeFeaturesIsFoundAndNamedInOrder()
    {
        var graph = new FeatureGraph();
        graph.Add("Turns", "Speech");
        graph.Add("Speech", "Streaming");
        graph.Add("Streaming", "Turns");
        graph.Add("Api", "Turns");

        var cycle = Assert.Single(graph.Cycles());

        Assert.Equal(["Speech", "Streaming", "Turns", "Speech"], cycle);
    }

    [Fact]
    public void AFullyQualifiedReferenceCountsAsAUse()
    {
        var used = FeatureGraph.UsedFeatures("namespace Platform.Gateway.Turns;\nsealed class A(Platform.Gateway.Realtime.Socket socket);\n", "Turns");

        Assert.Equal(["Realtime"], used);
    }

    /// <summary>Which feature namespaces each feature namespace uses.</summary>
    private sealed partial class FeatureGraph
    {
        private readonly SortedDictionary<string, SortedSet<string>> uses = new(StringComparer.Ordinal);

        public static FeatureGraph Read(string gatewayFolder)
        {
            var graph = new FeatureGraph();
            foreach (var file in Directory.EnumerateFiles(gatewayFolder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(gatewayFolder, file);
                if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
                {
                    continue;
                }

                var source = File.ReadAllText(file);
                if (NamespaceLine().Match(source) is not { Success: true } declared)
                {
                    continue;
                }

                var feature = declared.Groups["feature"].Value;
                foreach (var used in UsedFeatures(source, feature))
                {
                    graph.Add(feature, used);
                }
            }

            return graph;
        }

        public static IReadOnlyList<string> UsedFeatures(string source, string feature) =>
            QualifiedName().Matches(NamespaceLine().Replace(source, string.Empty))
                .Select(match => match.Groups["feature"].Value)
                .Where(used => used != feature)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();

        public void Add(string from, string to)
        {
            uses.TryAdd(to, new SortedSet<string>(StringComparer.Ordinal));
            if (!uses.TryGetValue(from, out var targets))
            {
                uses[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
            }

            targets.Add(to);
        }

        /// <summary>One cycle through each group of features that reach each other, starting at its first name.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Cycles()
        {
            var cycles = new List<IReadOnlyList<string>>();
            var inCycle = new HashSet<string>(StringComparer.Ordinal);
            foreach (var start in uses.Keys)
            {
                if (!inCycle.Contains(start) && PathBack(start) is { } cycle)
                {
                    cycles.Add(cycle);
                    inCycle.UnionWith(cycle);
                }
            }

            return cycles;
        }

        /// <summary>The shortest way from <paramref name="start"/> back to itself, if there is one.</summary>
        private List<string>? PathBack(string start)
        {
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>([start]);
            while (queue.TryDequeue(out var current))
            {
                foreach (var next in uses[current])
                {
                    if (next == start)
                    {
                        var path = new List<string> { start };
                        for (var step = current; step != start; step = previous[step])
                        {
                            path.Insert(1, step);
                        }

                        path.Add(start);
                        return path;
                    }

                    if (previous.TryAdd(next, current))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            return null;
        }

        [GeneratedRegex(@"^namespace Platform\.Gateway\.(?<feature>\w+)[\w.]*;", RegexOptions.Multiline)]
        private static partial Regex NamespaceLine();

        [GeneratedRegex(@"\bPlatform\.Gateway\.(?<feature>\w+)\b")]
        private static partial Regex QualifiedName();
    }
}
