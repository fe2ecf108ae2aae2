using System.Text.RegularExpressions;

namespace LowLatencyFeed.Protocols.Tests.Docs;

/// <summary>
/// Finds citations of the repository's own documents — <c>Folder/README.md §N</c> (several sections may follow:
/// <c>§3–§4</c>, <c>§2, §6.2</c>, <c>§1 and §5</c>) and <c>CONTRIBUTING.md §N</c> — and checks each against the documents
/// it was given: the file must resolve to exactly one document and every section must be a numbered heading in it
/// (<c>## §5 …</c>, <c>### §5.1 …</c>). Also flags citations of documents that live outside the repository.
/// </summary>
/// <remarks>
/// <c>Folder/README.md</c> resolves to the README whose directory is named <c>Folder</c> or <c>LowLatencyFeed.Folder</c>
/// (so <c>Kite/README.md</c> is <c>src/LowLatencyFeed.Protocols/Kite/README.md</c> and <c>Storage/README.md</c> is
/// <c>src/LowLatencyFeed.Storage/README.md</c>); a citation with more path segments may also be repository-relative.
/// </remarks>
internal sealed partial class CitationChecker
{
    private readonly Dictionary<string, HashSet<string>> _sections = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="documents"/>: repository-relative path (with '/') → text.</summary>
    public CitationChecker(IReadOnlyDictionary<string, string> documents)
    {
        foreach ((string path, string text) in documents)
        {
            var sections = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match heading in Heading().Matches(text))
            {
                sections.Add(heading.Groups["id"].Value);
            }

            _sections[path.Replace('\\', '/')] = sections;
        }
    }

    /// <summary>The indexed documents.</summary>
    public IEnumerable<string> Documents => _sections.Keys;

    /// <summary>The sections of <paramref name="document"/> (empty when unknown).</summary>
    public IReadOnlyCollection<string> SectionsOf(string document) =>
        _sections.TryGetValue(document, out HashSet<string>? sections) ? sections : [];

    /// <summary>Every README and CONTRIBUTING.md under <paramref name="root"/>, build output and packages excluded.</summary>
    public static CitationChecker FromRepository(string root)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in RepositoryFiles(root, "*.md"))
        {
            string name = Path.GetFileName(file);
            if (name is "README.md" or "CONTRIBUTING.md")
            {
                documents[Relative(root, file)] = File.ReadAllText(file);
            }
        }

        return new CitationChecker(documents);
    }

    /// <summary>Files matching <paramref name="pattern"/> under <paramref name="root"/>, without bin, obj, .git and node_modules.</summary>
    public static IEnumerable<string> RepositoryFiles(string root, string pattern) =>
        Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
            .Where(f => !Relative(root, f).Split('/').Any(part => part is "bin" or "obj" or ".git" or "node_modules"))
            .Order(StringComparer.Ordinal);

    /// <summary>The path of <paramref name="file"/> relative to <paramref name="root"/>, with '/'.</summary>
    public static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    /// <summary>Every citation in <paramref name="text"/>: the cited file as written, its sections, and the line.</summary>
    public static List<Citation> Citations(string text)
    {
        var citations = new List<Citation>();
        foreach (Match match in CitationPattern().Matches(text))
        {
            var sections = new List<string>();
            foreach (Match section in SectionId().Matches(match.Groups["refs"].Value))
            {
                sections.Add(section.Groups["id"].Value);
            }

            citations.Add(new Citation(match.Groups["file"].Value, sections, LineOf(text, match.Index)));
        }

        return citations;
    }

    /// <summary>The document a citation names, or null with the reason when it names none or several.</summary>
    public string? Resolve(string cited, out string? problem)
    {
        problem = null;
        if (_sections.ContainsKey(cited))
        {
            return cited;
        }

        string[] parts = cited.Split('/');
        List<string> candidates;
        if (parts.Length == 2)
        {
            string folder = parts[0];
            candidates = [.. _sections.Keys.Where(d =>
            {
                string[] p = d.Split('/');
                return p.Length >= 2 && p[^1] == parts[1] && (p[^2] == folder || p[^2] == "LowLatencyFeed." + folder);
            })];
        }
        else
        {
            candidates = [.. _sections.Keys.Where(d => d.EndsWith("/" + cited, StringComparison.Ordinal))];
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        problem = candidates.Count == 0
            ? $"cites {cited}, which is not in the repository"
            : $"cites {cited}, which could be any of {string.Join(", ", candidates)}";
        return null;
    }

    /// <summary>Every problem with the citations in <paramref name="text"/> (from <paramref name="path"/>), as readable lines.</summary>
    public List<string> Problems(string path, string text)
    {
        var problems = new List<string>();
        foreach (Citation citation in Citations(text))
        {
            string? document = Resolve(citation.File, out string? problem);
            if (document is null)
            {
                problems.Add($"{path}:{citation.Line}: {problem}");
                continue;
            }

            foreach (string section in citation.Sections)
            {
                if (!_sections[document].Contains(section))
                {
                    problems.Add($"{path}:{citation.Line}: cites {citation.File} §{section}, but {document} has no heading §{section}");
                }
            }
        }

        foreach (Match outside in OutsideDocument().Matches(text))
        {
            problems.Add($"{path}:{LineOf(text, outside.Index)}: cites '{outside.Value}', a document outside the repository; write the fact into the folder's README and cite that");
        }

        return problems;
    }

    private static int LineOf(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>A numbered heading: <c>## §5 Packet layouts</c>, <c>### §5.1 Tradable instruments</c>.</summary>
    [GeneratedRegex(@"^#{1,6}[ \t]+§(?<id>\d+(?:\.\d+)*)(?=[\s.:)]|$)", RegexOptions.Multiline)]
    private static partial Regex Heading();

    /// <summary>
    /// A cited document followed by one or more sections, separated by a comma, a dash, a slash, a semicolon or "and";
    /// the document may be wrapped in backticks.
    /// </summary>
    [GeneratedRegex(@"(?<file>(?:[A-Za-z0-9_.\-]+/)*[A-Za-z0-9_.\-]+/README\.md|CONTRIBUTING\.md)`?(?<refs>(?:[ \t]*(?:,|–|-|/|;|and)?[ \t]*§\d+(?:\.\d+)*)+)")]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"§(?<id>\d+(?:\.\d+)*)")]
    private static partial Regex SectionId();

    /// <summary>
    /// The team's working notes and style guides kept outside the repository: the per-broker protocol notes (and their
    /// REST companions), the architecture and style notes, and any path into the shared notes folder. The alternatives
    /// are split so this file does not match itself.
    /// </summary>
    [GeneratedRegex(@"\b(?:kite|dhan|kotak|binance)(?:-rest)?\.md\b|\b(?:STYLE|ARCHITECTURE)\.md\b|\.\.[/\\]shared\b|/work[/\\]shared\b|\bshared[/\\]protocols\b", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideDocument();
}

/// <summary>One citation: the file as written, the sections it names, the line it is on.</summary>
internal sealed record Citation(string File, IReadOnlyList<string> Sections, int Line);
