namespace LowLatencyFeed.Protocols.Tests.Docs;

/// <summary>
/// Everything a reader needs is in the repository: every citation of a README section from code, tests, benchmarks or
/// documentation names a README and a numbered section that exist (CONTRIBUTING.md §9), and no source file cites a
/// document kept outside the repository.
/// </summary>
public sealed class DocumentationCitationTests
{
    private static readonly string[] s_brokerReadmes =
    [
        "src/LowLatencyFeed.Protocols/Kite/README.md",
        "src/LowLatencyFeed.Protocols/Dhan/README.md",
        "src/LowLatencyFeed.Protocols/Binance/README.md",
        "src/LowLatencyFeed.Protocols/Kotak/README.md",
    ];

    [Fact]
    public void Every_cited_readme_section_exists_and_nothing_outside_the_repository_is_cited()
    {
        string root = RepositoryRoot();
        CitationChecker checker = CitationChecker.FromRepository(root);
        var problems = new List<string>();
        int citations = 0;
        foreach (string file in SourceAndDocumentFiles(root))
        {
            string text = File.ReadAllText(file);
            string path = CitationChecker.Relative(root, file);
            citations += CitationChecker.Citations(text).Count;
            problems.AddRange(checker.Problems(path, text));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} citation problem(s):\n" + string.Join('\n', problems));

        // The scan must really have found the code's citations (about 65 when this test was written), or it proves nothing.
        Assert.True(citations >= 50, $"only {citations} citations found; is the scanner looking at the sources?");
    }

    [Fact]
    public void Every_broker_readme_exists_is_numbered_and_is_cited_from_code()
    {
        string root = RepositoryRoot();
        CitationChecker checker = CitationChecker.FromRepository(root);
        var citedDocuments = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in CitationChecker.RepositoryFiles(root, "*.cs"))
        {
            foreach (Citation citation in CitationChecker.Citations(File.ReadAllText(file)))
            {
                if (checker.Resolve(citation.File, out _) is { } document)
                {
                    citedDocuments.Add(document);
                }
            }
        }

        foreach (string readme in s_brokerReadmes)
        {
            Assert.True(File.Exists(Path.Combine(root, readme)), $"{readme} is missing");
            Assert.Contains("1", checker.SectionsOf(readme));
            Assert.True(citedDocuments.Contains(readme), $"no .cs file cites {readme}");
        }

        Assert.Contains("src/LowLatencyFeed.Protocols/README.md", checker.Documents);
        Assert.Contains("CONTRIBUTING.md", checker.Documents);
    }

    [Fact]
    public void The_checker_accepts_existing_sections_and_reports_missing_files_sections_and_outside_documents()
    {
        // Citations are assembled at run time so this file holds none the repository-wide test would check.
        const string md = ".md";
        var checker = new CitationChecker(new Dictionary<string, string>
        {
            ["src/LowLatencyFeed.Protocols/Kite/README.md"] = "# Kite\n\n## §4 Frames\n\n### §5.1 Tradables\r\n## §6 Divisors\n",
            ["src/LowLatencyFeed.Storage/README.md"] = "# Storage\n## §2 Schema\n",
            ["src/A/Same/README.md"] = "## §1 One\n",
            ["src/B/Same/README.md"] = "## §1 Other\n",
            ["CONTRIBUTING" + md] = "## §9 Citations\n",
        });

        string good = "// Kite/README" + md + " §4: quote 44\n/// (Kite/README" + md + " §4–§6) and `Kite/README" + md + "` §5.1\n"
            + "// Storage/README" + md + " §2, CONTRIBUTING" + md + " §9\n// src/LowLatencyFeed.Protocols/Kite/README" + md + " §6\n";
        Assert.Empty(checker.Problems("good.cs", good));
        Assert.Equal(6, CitationChecker.Citations(good).Count);
        Assert.Equal(["4", "6"], CitationChecker.Citations(good)[1].Sections);

        Assert.Equal(
            ["bad.cs:1: cites Kite/README" + md + " §5, but src/LowLatencyFeed.Protocols/Kite/README" + md + " has no heading §5"],
            checker.Problems("bad.cs", "// Kite/README" + md + " §5: there is only §5.1\n"));
        Assert.Equal(
            ["bad.cs:2: cites Kite/README" + md + " §7, but src/LowLatencyFeed.Protocols/Kite/README" + md + " has no heading §7"],
            checker.Problems("bad.cs", "//\n// Kite/README" + md + " §4 and §7\n"));
        Assert.Equal(
            ["bad.cs:1: cites Acme/README" + md + ", which is not in the repository"],
            checker.Problems("bad.cs", "// Acme/README" + md + " §1\n"));
        Assert.Single(checker.Problems("bad.cs", "// Same/README" + md + " §1\n"), p => p.Contains("could be any of", StringComparison.Ordinal));

        foreach (string outside in new[] { "kite" + md + " §4", "dhan-rest" + md, "STYLE" + md, "ARCHITECTURE" + md, ".." + "/shared/x", "/work" + "/shared" + "/protocols", "shared" + "/protocols" })
        {
            Assert.Single(checker.Problems("bad.cs", "// see " + outside + "\n"), p => p.Contains("outside the repository", StringComparison.Ordinal));
        }
    }

    /// <summary>The .cs files under src, tests and bench, and the READMEs and CONTRIBUTING.md anywhere.</summary>
    private static IEnumerable<string> SourceAndDocumentFiles(string root)
    {
        foreach (string folder in new[] { "src", "tests", "bench" })
        {
            string directory = Path.Combine(root, folder);
            Assert.True(Directory.Exists(directory), $"{directory} is missing");
            foreach (string file in CitationChecker.RepositoryFiles(directory, "*.cs"))
            {
                yield return file;
            }
        }

        foreach (string file in CitationChecker.RepositoryFiles(root, "*.md"))
        {
            if (Path.GetFileName(file) is "README.md" or "CONTRIBUTING.md")
            {
                yield return file;
            }
        }
    }

    /// <summary>The directory holding LowLatencyFeed.sln, found upwards from the test binaries; failing when there is none.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LowLatencyFeed.sln")))
            {
                return directory.FullName;
            }
        }

        Assert.Fail($"LowLatencyFeed.sln not found above {AppContext.BaseDirectory}: the documentation checks need the repository");
        return string.Empty;
    }
}
