using System.Text;

namespace LowLatencyFeed.Storage.Schema;

/// <summary>
/// Resolves the flavour blocks of a migration file: lines between <c>--#if timescaledb</c> (or <c>--#if plain</c>) and
/// <c>--#endif</c> are kept only for that flavour; <c>--#else</c> swaps. Blocks do not nest. Plain SQL comments otherwise,
/// so a file still reads (and runs in psql) as SQL.
/// </summary>
public static class MigrationScript
{
    /// <summary>The SQL of <paramref name="script"/> for <paramref name="flavor"/>.</summary>
    public static string Resolve(string script, SchemaFlavor flavor)
    {
        string wanted = flavor == SchemaFlavor.TimescaleDb ? "timescaledb" : "plain";
        var output = new StringBuilder(script.Length);
        bool keep = true;
        bool inBlock = false;
        int lineNumber = 0;
        foreach (string rawLine in script.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            string trimmed = line.Trim();
            if (trimmed.StartsWith("--#if ", StringComparison.Ordinal))
            {
                if (inBlock)
                {
                    throw new FormatException($"Line {lineNumber}: nested --#if is not supported.");
                }

                string name = trimmed[6..].Trim();
                if (name != "timescaledb" && name != "plain")
                {
                    throw new FormatException($"Line {lineNumber}: unknown flavour '{name}' (expected timescaledb or plain).");
                }

                inBlock = true;
                keep = name == wanted;
                continue;
            }

            if (trimmed == "--#else")
            {
                keep = !keep;
                continue;
            }

            if (trimmed == "--#endif")
            {
                inBlock = false;
                keep = true;
                continue;
            }

            if (keep)
            {
                output.Append(line).Append('\n');
            }
        }

        if (inBlock)
        {
            throw new FormatException("Missing --#endif at the end of the script.");
        }

        return output.ToString();
    }
}
