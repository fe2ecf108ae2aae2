using System.Diagnostics;

namespace LowLatencyFeed.Storage.Cluster;

/// <summary>Finds the PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>) on this machine.</summary>
public static class PostgresBinaries
{
    /// <summary>
    /// The directory holding <c>initdb</c> and <c>pg_ctl</c>, or null when none is found. Looks at the
    /// <c>LLFEED_PG_BINDIR</c> variable, then <c>pg_config --bindir</c>, then the newest <c>/usr/lib/postgresql/*/bin</c>,
    /// then <c>PATH</c>.
    /// </summary>
    public static string? FindBinDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable("LLFEED_PG_BINDIR");
        if (!string.IsNullOrEmpty(configured) && HasServer(configured))
        {
            return configured;
        }

        string? fromPgConfig = AskPgConfig();
        if (fromPgConfig is not null && HasServer(fromPgConfig))
        {
            return fromPgConfig;
        }

        const string DebianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(DebianRoot))
        {
            string? best = null;
            int bestVersion = -1;
            foreach (string dir in Directory.GetDirectories(DebianRoot))
            {
                string bin = Path.Combine(dir, "bin");
                if (int.TryParse(Path.GetFileName(dir).Split('.')[0], out int version) && version > bestVersion && HasServer(bin))
                {
                    best = bin;
                    bestVersion = version;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && HasServer(dir))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>True when the server binaries are installed.</summary>
    public static bool IsAvailable => FindBinDirectory() is not null;

    private static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static string? AskPgConfig()
    {
        try
        {
            var info = new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(5000);
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed.
            return null;
        }
    }
}
