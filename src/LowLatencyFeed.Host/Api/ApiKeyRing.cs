using System.Security.Cryptography;
using System.Text;
using LowLatencyFeed.Host.Configuration;
using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// Checks API keys (<c>Authorization: Bearer</c> or <c>X-Api-Key</c>) against the configured ones in constant time.
/// Roles: <c>read</c> &lt; <c>operate</c>. A key never appears in a log line or a response.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly List<(byte[] Key, bool Operate, string Name)> _keys = [];

    /// <summary>Resolves the configured keys (placeholders through <paramref name="secrets"/>).</summary>
    public ApiKeyRing(IEnumerable<ApiKeyOptions> keys, SecretResolver secrets, bool requireKeyForRead)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (ApiKeyOptions key in keys)
        {
            string value = secrets.Resolve(key.Key, escapeForUrl: false);
            if (value.Length > 0)
            {
                _keys.Add((Encoding.UTF8.GetBytes(value), string.Equals(key.Role, "operate", StringComparison.OrdinalIgnoreCase), key.Name));
            }
        }

        RequireKeyForRead = requireKeyForRead;
    }

    /// <summary>Read endpoints need a key.</summary>
    public bool RequireKeyForRead { get; }

    /// <summary>The status refusing <paramref name="request"/> for an endpoint needing <paramref name="operate"/> rights, or 0 to allow.</summary>
    public int Check(HttpRequest request, bool operate)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? presented = Presented(request);
        if (presented is null)
        {
            return operate || RequireKeyForRead ? StatusCodes.Status401Unauthorized : 0;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(presented);
        foreach (var (key, isOperate, _) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, bytes))
            {
                return operate && !isOperate ? StatusCodes.Status403Forbidden : 0;
            }
        }

        return StatusCodes.Status401Unauthorized;
    }

    /// <summary>The configured name of the valid key <paramref name="request"/> presents (the rate limit's partition), or null.</summary>
    public string? Identify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Presented(request) is not { } presented)
        {
            return null;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(presented);
        foreach (var (key, _, name) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, bytes))
            {
                return name.Length > 0 ? name : "#" + _keys.FindIndex(entry => ReferenceEquals(entry.Key, key)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string? Presented(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        string? apiKey = request.Headers["X-Api-Key"];
        return string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }
}
