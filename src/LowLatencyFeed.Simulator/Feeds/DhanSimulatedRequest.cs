using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>A parsed Dhan JSON request: its code and instruments, list form or flat form (Dhan/README.md §2, §6.2). Cold path.</summary>
internal sealed record DhanSimulatedRequest(int Code, IReadOnlyList<DhanInstrumentRef> Instruments)
{
    public static bool TryParse(ReadOnlySpan<byte> message, out DhanSimulatedRequest? request, out string error)
    {
        request = null;
        try
        {
            var reader = new Utf8JsonReader(message);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("RequestCode", out JsonElement codeElement) || !codeElement.TryGetInt32(out int code))
            {
                error = "request has no numeric RequestCode";
                return false;
            }

            var instruments = new List<DhanInstrumentRef>();
            if (root.TryGetProperty("InstrumentList", out JsonElement list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    error = "InstrumentList is not an array";
                    return false;
                }

                foreach (JsonElement item in list.EnumerateArray())
                {
                    if (!TryInstrument(item, out DhanInstrumentRef instrument, out error))
                    {
                        return false;
                    }

                    instruments.Add(instrument);
                }

                if (root.TryGetProperty("InstrumentCount", out JsonElement count) && (!count.TryGetInt32(out int n) || n != instruments.Count))
                {
                    error = $"InstrumentCount {count} does not match the {instruments.Count} listed instrument(s)";
                    return false;
                }
            }
            else if (root.TryGetProperty("SecurityId", out _))
            {
                if (!TryInstrument(root, out DhanInstrumentRef instrument, out error))
                {
                    return false;
                }

                instruments.Add(instrument);
            }

            request = new DhanSimulatedRequest(code, instruments);
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = "request is not valid JSON: " + ex.Message;
            return false;
        }
    }

    private static bool TryInstrument(JsonElement item, out DhanInstrumentRef instrument, out string error)
    {
        instrument = default;
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("ExchangeSegment", out JsonElement segment) || segment.ValueKind != JsonValueKind.String
            || !item.TryGetProperty("SecurityId", out JsonElement id) || id.ValueKind != JsonValueKind.String)
        {
            error = "each instrument needs string ExchangeSegment and SecurityId";
            return false;
        }

        if (!DhanSegments.TryParse(segment.GetString(), out DhanExchangeSegment parsed))
        {
            error = $"unknown ExchangeSegment '{segment.GetString()}'";
            return false;
        }

        if (!uint.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out uint securityId))
        {
            error = $"SecurityId '{id.GetString()}' is not a number";
            return false;
        }

        instrument = new DhanInstrumentRef(parsed, securityId);
        error = string.Empty;
        return true;
    }
}
