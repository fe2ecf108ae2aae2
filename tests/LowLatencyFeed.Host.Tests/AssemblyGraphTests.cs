using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LowLatencyFeed.Host.Tests;

/// <summary>
/// The assemblies reference each other as layers: the ring knows no event type, transport does not know the ring,
/// the journal does not know processing (replay sits above both). The README's "How it works" lists the same edges.
/// </summary>
public sealed partial class AssemblyGraphTests
{
    // Written out by hand: a new edge is a design decision, made here and in the README together.
    private static readonly Dictionary<string, string[]> s_expected = new()
    {
        ["Core"] = [],
        ["Ring"] = [],
        ["Protocols"] = ["Core"],
        ["Transport"] = ["Core", "Protocols"],
        ["Ingress"] = ["Core", "Ring"],
        ["Journal"] = ["Core", "Ring"],
        ["Processing"] = ["Core", "Ring"],
        ["Storage"] = ["Core", "Journal", "Processing", "Ring"],
        ["Bus"] = ["Core", "Journal", "Ring"],
        ["Replay"] = ["Core", "Journal", "Processing", "Ring"],
        ["Research"] = ["Core", "Journal", "Processing", "Replay", "Ring"],
        ["Simulator"] = ["Core", "Protocols"],
        ["Brokers"] = ["Core", "Protocols"],
        ["Client"] = [],
        ["Host"] = ["Brokers", "Bus", "Core", "Ingress", "Journal", "Processing", "Protocols", "Replay", "Research", "Ring", "Simulator", "Storage", "Transport"],
    };

    [Fact]
    public void Project_references_are_exactly_the_layered_graph()
    {
        string src = Path.Combine(RepositoryRoot(), "src");
        var actual = new Dictionary<string, string[]>();
        foreach (string project in Directory.EnumerateFiles(src, "LowLatencyFeed.*.csproj", SearchOption.AllDirectories))
        {
            string name = ShortName(Path.GetFileNameWithoutExtension(project));
            actual[name] = [.. XDocument.Load(project).Descendants("ProjectReference")
                .Select(reference => ShortName(Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value)))
                .Order(StringComparer.Ordinal)];
        }

        Assert.Equal(s_expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach ((string assembly, string[] references) in s_expected)
        {
            Assert.True(
                references.SequenceEqual(actual[assembly]),
                $"{assembly} references [{string.Join(", ", actual[assembly])}], the graph says [{string.Join(", ", references)}]");
        }
    }

    [Fact]
    public void The_compiled_ring_and_journal_do_not_load_what_they_must_not_know()
    {
        Assert.DoesNotContain(
            typeof(LowLatencyFeed.Ring.RingBuffer<>).Assembly.GetReferencedAssemblies(),
            reference => reference.Name!.StartsWith("LowLatencyFeed.", StringComparison.Ordinal));
        Assert.DoesNotContain(
            typeof(LowLatencyFeed.Journal.Writing.JournalWriter).Assembly.GetReferencedAssemblies(),
            reference => reference.Name == "LowLatencyFeed.Processing");
        Assert.DoesNotContain(
            typeof(LowLatencyFeed.Transport.FeedSession).Assembly.GetReferencedAssemblies(),
            reference => reference.Name == "LowLatencyFeed.Ring");
    }

    [Fact]
    public void The_readme_draws_the_same_references()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var drawn = new Dictionary<string, string>();
        foreach (Match line in GraphLine().Matches(readme))
        {
            drawn[line.Groups["assembly"].Value] = line.Groups["references"].Value.Trim();
        }

        foreach ((string assembly, string[] references) in s_expected)
        {
            Assert.True(drawn.TryGetValue(assembly, out string? text), $"README.md draws no line for {assembly}");
            string[] listed = text!.StartsWith('(') ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries)];
            if (assembly == "Host")
            {
                Assert.Equal("all of the above", text);
                continue;
            }

            Assert.Equal(references, listed.Order(StringComparer.Ordinal));
        }
    }

    private static string ShortName(string projectName) => projectName["LowLatencyFeed.".Length..];

    [GeneratedRegex(@"^ .+?\s{2,}(?<assembly>[A-Z][a-z]+)\s+→ (?<references>.+)$", RegexOptions.Multiline)]
    private static partial Regex GraphLine();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LowLatencyFeed.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
