using System.Text.Json;
using System.Text.RegularExpressions;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>
/// Fills <c>${NAME}</c> placeholders: the token store's names (<see cref="StoredTokenNames"/>) from the data directory's
/// token store when one is given, then environment variables, then an optional JSON secrets file.
/// </summary>
public sealed partial class SecretResolver
{
    private readonly Dictionary<string, string> _fileSecrets;
    private readonly LowLatencyFeed.Brokers.Tokens.TokenStore? _tokens;

    /// <summary>Loads the secrets file when given; reads stored tokens from <paramref name="dataDirectory"/>'s token store when given.</summary>
    public SecretResolver(string? secretsFile, string? dataDirectory = null)
    {
        _tokens = dataDirectory is null ? null : new LowLatencyFeed.Brokers.Tokens.TokenStore(dataDirectory);
        _fileSecrets = new(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(secretsFile))
        {
            return;
        }

        if (!File.Exists(secretsFile))
        {
            throw new InvalidOperationException($"Secrets file '{secretsFile}' does not exist");
        }

        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(secretsFile));
            foreach (var (key, value) in values ?? [])
            {
                _fileSecrets[key] = value;
            }
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Secrets file '{secretsFile}' is not a JSON object of strings: {exception.Message}");
        }
    }

    /// <summary>Replaces every placeholder; names the missing ones (never their values) when some cannot be filled.</summary>
    /// <param name="text">Text with <c>${NAME}</c> placeholders.</param>
    /// <param name="escapeForUrl">Percent-escape the values (for URLs); false for plain fields such as a user id.</param>
    public string Resolve(string text, bool escapeForUrl = true)
    {
        var missing = new List<string>();
        string result = Placeholder().Replace(text, match =>
        {
            string name = match.Groups[1].Value;
            string? value = StoredTokenNames.Lookup(_tokens, name) ?? Environment.GetEnvironmentVariable(name);
            if (value is null && !_fileSecrets.TryGetValue(name, out value))
            {
                missing.Add(name);
                return match.Value;
            }

            return escapeForUrl ? Uri.EscapeDataString(value) : value;
        });

        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No value for {string.Join(", ", missing)}: set the environment variable(s) or add them to the secrets file");
        }

        return result;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
