using System.Globalization;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Core.Time;

namespace LowLatencyFeed.Replay;

/// <summary>Parsers for the <c>llfeed replay</c> command-line values, so the host only maps flags to <see cref="ReplayOptions"/>.</summary>
public static class ReplayArguments
{
    /// <summary>
    /// Parses a <c>--from</c>/<c>--to</c> time: ISO-8601 (<c>2025-01-01T09:15:00Z</c>, <c>2025-01-01</c>; no offset means UTC)
    /// or a Unix timestamp in seconds, milliseconds or nanoseconds (told apart by magnitude).
    /// </summary>
    public static long ParseTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim();
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
        {
            long magnitude = Math.Abs(number);
            return magnitude < 100_000_000_000L ? UnixTime.FromSeconds(number)
                : magnitude < 100_000_000_000_000L ? UnixTime.FromMilliseconds(number)
                : number;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
        {
            return UnixTime.FromDateTimeOffset(time);
        }

        throw new FormatException($"Invalid time '{text}': use ISO-8601 (2025-01-01T09:15:00Z) or Unix seconds, milliseconds or nanoseconds.");
    }

    /// <summary>
    /// Parses <c>--instruments</c>: items separated by commas or spaces, each <c>Feed:Token</c> (<c>Kite:408065</c>,
    /// <c>Binance:1</c>) or the numeric <see cref="InstrumentId.Value"/>.
    /// </summary>
    public static IReadOnlyList<InstrumentId> ParseInstruments(params string[] items)
    {
        var result = new List<InstrumentId>();
        foreach (string item in items)
        {
            foreach (string part in item.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int colon = part.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0
                    && Enum.TryParse(part.AsSpan(0, colon), ignoreCase: true, out FeedKind feed)
                    && long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long token))
                {
                    result.Add(InstrumentId.From(feed, token));
                }
                else if (colon < 0 && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                {
                    result.Add(new InstrumentId(value));
                }
                else
                {
                    throw new FormatException($"Invalid instrument '{part}': use Feed:Token (e.g. Kite:408065) or the numeric instrument id.");
                }
            }
        }

        return result;
    }

    /// <summary>Parses <c>--format</c>: <c>csv</c> or <c>jsonl</c>.</summary>
    public static ReplayOutputFormat ParseFormat(string text)
        => Enum.TryParse(text?.Trim(), ignoreCase: true, out ReplayOutputFormat format) && Enum.IsDefined(format)
            ? format
            : throw new FormatException($"Invalid format '{text}': use csv or jsonl.");
}
