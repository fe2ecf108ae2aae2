namespace LowLatencyFeed.Host.Configuration;

/// <summary>Unusable configuration: reported with every problem named, exit code 2.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
