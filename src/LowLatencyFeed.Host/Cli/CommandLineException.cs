namespace LowLatencyFeed.Host.Cli;

/// <summary>A usage error: printed with the usage text, exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);
