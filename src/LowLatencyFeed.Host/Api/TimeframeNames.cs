using System.Globalization;

namespace LowLatencyFeed.Host.Api;

/// <summary>Bar timeframes by name (<c>1s</c> … <c>1d</c>) as the API and the stream's <c>bars:&lt;tf&gt;</c> channels spell them.</summary>
public static class TimeframeNames
{
    private static readonly (string Name, TimeSpan Span)[] s_names =
    [
        ("1s", TimeSpan.FromSeconds(1)), ("5s", TimeSpan.FromSeconds(5)), ("15s", TimeSpan.FromSeconds(15)), ("30s", TimeSpan.FromSeconds(30)),
        ("1m", TimeSpan.FromMinutes(1)), ("3m", TimeSpan.FromMinutes(3)), ("5m", TimeSpan.FromMinutes(5)), ("15m", TimeSpan.FromMinutes(15)),
        ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("2h", TimeSpan.FromHours(2)), ("4h", TimeSpan.FromHours(4)),
        ("1d", TimeSpan.FromDays(1)),
    ];

    /// <summary>The name of <paramref name="span"/> (<c>1m</c>), or its length in seconds when it has none.</summary>
    public static string NameOf(TimeSpan span)
    {
        foreach (var (name, value) in s_names)
        {
            if (value == span)
            {
                return name;
            }
        }

        return ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a name (<c>1m</c>, case-insensitive) or a length in seconds; zero when neither.</summary>
    public static TimeSpan Parse(string text)
    {
        foreach (var (name, value) in s_names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
    }
}
