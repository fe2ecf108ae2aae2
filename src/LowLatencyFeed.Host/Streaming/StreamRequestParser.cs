using System.Text.Json;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Replay;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// Reads the members of a client's <c>subscribe</c>, <c>unsubscribe</c> and <c>replay</c> requests; every method
/// returns the error to send back (the connection stays up), or null.
/// </summary>
public sealed class StreamRequestParser(InstrumentCatalog catalog, DerivedStreamChannels derived, int maxDepthLevels)
{
    /// <summary>Market and derived channels in <c>channels</c> (absent: none); a missing member leaves both empty.</summary>
    public string? ParseChannels(JsonElement request, out StreamChannels channels, out ulong derivedChannels)
    {
        channels = StreamChannels.None;
        derivedChannels = 0;
        if (!request.TryGetProperty("channels", out JsonElement list))
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return "'channels' must be an array";
        }

        foreach (JsonElement channel in list.EnumerateArray())
        {
            string? name = channel.ValueKind == JsonValueKind.String ? channel.GetString() : null;
            StreamChannels parsed = name switch
            {
                "ticks" => StreamChannels.Ticks,
                "trades" => StreamChannels.Trades,
                "quotes" => StreamChannels.Quotes,
                "depth" => StreamChannels.Depth,
                "status" => StreamChannels.Status,
                _ => StreamChannels.None,
            };
            int bit = parsed == StreamChannels.None ? derived.Find(name) : -1;
            if (parsed == StreamChannels.None && bit < 0)
            {
                return $"unknown channel {channel.GetRawText()} (ticks, trades, quotes, depth, status, {derived.Names})";
            }

            channels |= parsed;
            derivedChannels |= bit >= 0 ? 1UL << bit : 0;
        }

        return null;
    }

    /// <summary>Instrument ids in <c>instruments</c>; null (every instrument) when absent or containing <c>"*"</c>.</summary>
    public string? ParseInstruments(JsonElement request, out HashSet<long>? instruments)
    {
        instruments = null;
        if (!request.TryGetProperty("instruments", out JsonElement list))
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return "'instruments' must be an array";
        }

        var found = new HashSet<long>();
        foreach (JsonElement instrument in list.EnumerateArray())
        {
            string? text = instrument.ValueKind == JsonValueKind.String ? instrument.GetString() : instrument.GetRawText();
            if (text == "*")
            {
                return null;
            }

            if (catalog.Find(text) is not { } info)
            {
                return $"unknown instrument '{text}'";
            }

            found.Add(info.InstrumentId);
        }

        instruments = found;
        return null;
    }

    /// <summary>A <c>replay</c> request: <c>from</c>/<c>to</c> (ISO 8601 or Unix ms), <c>speed</c>, <c>instruments</c>, <c>channels</c> (default: all), <c>format</c> (default: the connection's).</summary>
    public string? ParseReplay(JsonElement request, out StreamReplayRequest? replay)
    {
        replay = null;
        if (request.ValueKind != JsonValueKind.Object)
        {
            return "'replay' must be an object with optional 'from', 'to', 'speed', 'instruments' and 'channels'";
        }

        if (ParseTime(request, "from", out long? from) is { } fromError)
        {
            return fromError;
        }

        if (ParseTime(request, "to", out long? to) is { } toError)
        {
            return toError;
        }

        if (from is not null && to is not null && from >= to)
        {
            return "'from' must be before 'to'";
        }

        ReplaySpeed speed = ReplaySpeed.Max;
        if (request.TryGetProperty("speed", out JsonElement speedText)
            && (speedText.ValueKind != JsonValueKind.String || !ReplaySpeed.TryParse(speedText.GetString(), out speed)))
        {
            return $"'speed' must be \"max\", \"1x\" or \"Nx\" (e.g. \"10x\"), got {speedText.GetRawText()}";
        }

        if (ParseChannels(request, out StreamChannels channels, out ulong derivedChannels) is { } channelError)
        {
            return channelError;
        }

        if ((channels & StreamChannels.Status) != 0)
        {
            return "'status' is a live channel: a replay has no host status to send";
        }

        if (ParseInstruments(request, out HashSet<long>? instruments) is { } instrumentError)
        {
            return instrumentError;
        }

        if (ParseDepthLevels(request, out int depthLevels) is { } depthError)
        {
            return depthError;
        }

        if (ParseFormat(request, out StreamFormat? format) is { } formatError)
        {
            return formatError;
        }

        if (!request.TryGetProperty("channels", out _))
        {
            channels = StreamChannels.Ticks | StreamChannels.Trades | StreamChannels.Quotes | StreamChannels.Depth;
            derivedChannels = derived.All;
        }

        InstrumentId[]? ids = instruments?.Select(id => new InstrumentId(id)).ToArray();
        replay = new StreamReplayRequest(from, to, speed, channels, derivedChannels, ids) { DepthLevels = depthLevels, Format = format };
        return null;
    }

    /// <summary>The data message form in <c>format</c> (<c>"json"</c> or <c>"binary"</c>); null when absent.</summary>
    public static string? ParseFormat(JsonElement request, out StreamFormat? format)
    {
        format = null;
        if (!request.TryGetProperty("format", out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TryParseFormat(value.GetString(), out StreamFormat parsed))
        {
            return $"'format' must be \"json\" or \"binary\", got {value.GetRawText()}";
        }

        format = parsed;
        return null;
    }

    /// <summary>The <c>batch</c> member (true: several data messages per WebSocket message); null when absent.</summary>
    public static string? ParseBatch(JsonElement request, out bool? batch)
    {
        batch = null;
        if (!request.TryGetProperty("batch", out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return $"'batch' must be true or false, got {value.GetRawText()}";
        }

        batch = value.GetBoolean();
        return null;
    }

    /// <summary>Reads <c>json</c> or <c>binary</c> (the <c>format</c> member or query parameter).</summary>
    public static bool TryParseFormat(string? text, out StreamFormat format)
    {
        format = text switch
        {
            "json" => StreamFormat.Json,
            "binary" => StreamFormat.Binary,
            _ => (StreamFormat)(-1),
        };
        return format is StreamFormat.Json or StreamFormat.Binary;
    }

    /// <summary>
    /// Levels per side in this client's <c>depth</c> messages (<c>depthLevels</c>, 1 to the book stage's
    /// <c>Processing:BookLevels</c>); 0 when absent (the <c>Api:Stream:DepthLevels</c> default applies).
    /// </summary>
    public string? ParseDepthLevels(JsonElement request, out int levels)
    {
        levels = 0;
        if (!request.TryGetProperty("depthLevels", out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out levels) || levels < 1 || levels > maxDepthLevels)
        {
            levels = 0;
            return $"'depthLevels' must be an integer from 1 to {maxDepthLevels}, got {value.GetRawText()}";
        }

        return null;
    }

    private static string? ParseTime(JsonElement request, string name, out long? unixNs)
    {
        unixNs = null;
        if (!request.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (!RangeRequest.TryParseTime(text, out DateTimeOffset time))
        {
            return $"'{name}' must be an ISO 8601 time (2026-01-05T09:15:00Z) or Unix milliseconds, got {value.GetRawText()}";
        }

        unixNs = (time - DateTimeOffset.UnixEpoch).Ticks * 100;
        return null;
    }
}
