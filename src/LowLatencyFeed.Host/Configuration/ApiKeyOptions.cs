namespace LowLatencyFeed.Host.Configuration;

/// <summary>One API key (<c>Api:Keys</c>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds it (logged instead of the key).</summary>
    public string Name { get; set; } = "";

    /// <summary>The key; a <c>${NAME}</c> placeholder resolved from the environment or the secrets file.</summary>
    public string Key { get; set; } = "";

    /// <summary><c>read</c> or <c>operate</c>.</summary>
    public string Role { get; set; } = "read";
}
