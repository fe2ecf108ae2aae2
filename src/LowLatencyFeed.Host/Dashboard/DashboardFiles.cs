using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace LowLatencyFeed.Host.Dashboard;

/// <summary>
/// The operator dashboard's static files, embedded in the host assembly (<c>Dashboard/wwwroot</c>, logical names
/// <c>dashboard/...</c>) and read once at start: name → bytes, content type and a content hash for the ETag.
/// </summary>
public sealed class DashboardFiles
{
    private const string Prefix = "dashboard/";
    private readonly FrozenDictionary<string, DashboardFile> _files;

    private DashboardFiles(FrozenDictionary<string, DashboardFile> files) => _files = files;

    /// <summary>The files of the host assembly.</summary>
    public static DashboardFiles Embedded { get; } = Load(typeof(DashboardFiles).Assembly);

    /// <summary>Relative paths (<c>index.html</c>, <c>js/app.js</c>).</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>The file at <paramref name="path"/> (relative, forward slashes), or null.</summary>
    public DashboardFile? Find(string path) => _files.GetValueOrDefault(path);

    /// <summary>The Content-Type a browser needs for <paramref name="path"/> (modules load only as JavaScript).</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private static DashboardFiles Load(Assembly assembly)
    {
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] content = copy.ToArray();
            string path = name[Prefix.Length..].Replace('\\', '/');
            string etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
            files[path] = new DashboardFile(path, content, ContentType(path), etag);
        }

        return new DashboardFiles(files.ToFrozenDictionary(StringComparer.Ordinal));
    }
}

/// <summary>One embedded dashboard file.</summary>
/// <param name="Path">Relative path.</param>
/// <param name="Content">Bytes.</param>
/// <param name="ContentType">Content-Type header.</param>
/// <param name="ETag">Strong ETag from the content hash.</param>
public sealed record DashboardFile(string Path, byte[] Content, string ContentType, string ETag);
