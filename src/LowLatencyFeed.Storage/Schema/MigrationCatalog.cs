using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace LowLatencyFeed.Storage.Schema;

/// <summary>The migrations embedded in this assembly, in version order.</summary>
public static class MigrationCatalog
{
    private const string Prefix = "LowLatencyFeed.Storage.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> s_all = new(Load);

    /// <summary>Every embedded migration, ascending by version.</summary>
    public static IReadOnlyList<Migration> All => s_all.Value;

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => All[^1].Version;

    /// <summary>Parses <c>V001__name.sql</c> into its version and name; false for other names.</summary>
    public static bool TryParseFileName(string fileName, out int version, out string name)
    {
        version = 0;
        name = string.Empty;
        if (!fileName.StartsWith('V') || !fileName.EndsWith(".sql", StringComparison.Ordinal))
        {
            return false;
        }

        int separator = fileName.IndexOf("__", StringComparison.Ordinal);
        if (separator < 2 || !int.TryParse(fileName.AsSpan(1, separator - 1), NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            return false;
        }

        name = fileName[(separator + 2)..^4];
        return name.Length > 0;
    }

    private static IReadOnlyList<Migration> Load()
    {
        Assembly assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !TryParseFileName(resource[Prefix.Length..], out int version, out string name))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string script = reader.ReadToEnd();
            string checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(script))).ToLowerInvariant();
            migrations.Add(new Migration(version, name, script, checksum));
        }

        migrations.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Embedded migrations must be numbered 1..n without gaps; found V{migrations[i].Version} at position {i + 1}.");
            }
        }

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException("No migrations are embedded in LowLatencyFeed.Storage.");
        }

        return migrations;
    }
}
