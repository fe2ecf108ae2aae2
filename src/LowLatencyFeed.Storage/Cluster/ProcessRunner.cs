using System.Diagnostics;

namespace LowLatencyFeed.Storage.Cluster;

/// <summary>Runs PostgreSQL's tools, as the <c>postgres</c> system user when this process is root (initdb and postgres refuse root).</summary>
internal static class ProcessRunner
{
    public const string ServiceUser = "postgres";

    public static bool RunAsServiceUser => Environment.IsPrivilegedProcess;

    public static ProcessResult Run(string fileName, IReadOnlyList<string> arguments, bool asServiceUser, TimeSpan timeout)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };

        if (asServiceUser && RunAsServiceUser)
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(ServiceUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(fileName);
        }
        else
        {
            info.FileName = fileName;
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The server inherits our environment through pg_ctl; keep libpq variables from leaking into it.
        info.Environment.Remove("PGDATA");
        info.Environment.Remove("PGPORT");
        info.Environment.Remove("PGHOST");
        info.Environment["LC_ALL"] = "C";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Gives <paramref name="path"/> (recursively) to the service user when running as root.</summary>
    public static void GiveToServiceUser(string path)
    {
        if (!RunAsServiceUser)
        {
            return;
        }

        ProcessResult result = Run("chown", ["-R", $"{ServiceUser}:{ServiceUser}", path], asServiceUser: false, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown of {path} to {ServiceUser} failed ({result.Describe()}).");
        }
    }
}
