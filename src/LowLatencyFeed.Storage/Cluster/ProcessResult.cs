namespace LowLatencyFeed.Storage.Cluster;

/// <summary>Exit code and captured output of a helper process.</summary>
internal readonly record struct ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"exit code {ExitCode}: {StandardError.Trim()} {StandardOutput.Trim()}".Trim();
}
