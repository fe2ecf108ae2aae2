using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// Builds Dhan v2 JSON requests (Dhan/README.md §1, §2, §6.2): segment names and security ids as strings, at most
/// <see cref="MaxInstrumentsPerMessage"/> instruments per list message. Cold path.
/// </summary>
public static class DhanRequestWriter
{
    /// <summary>Most instruments in one main-feed subscribe message.</summary>
    public const int MaxInstrumentsPerMessage = 100;

    /// <summary>Most instruments on one 20-level depth connection.</summary>
    public const int MaxDepth20Instruments = 50;

    /// <summary>
    /// <c>{"RequestCode":c,"InstrumentCount":n,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1333"},...]}</c>,
    /// split into messages of at most <paramref name="maxPerMessage"/> instruments.
    /// </summary>
    public static List<byte[]> ListRequests(DhanRequestCode code, IReadOnlyList<DhanInstrumentRef> instruments, int maxPerMessage = MaxInstrumentsPerMessage)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerMessage, 1);
        var messages = new List<byte[]>((instruments.Count + maxPerMessage - 1) / maxPerMessage);
        for (int start = 0; start < instruments.Count; start += maxPerMessage)
        {
            int count = Math.Min(maxPerMessage, instruments.Count - start);
            messages.Add(Write(json =>
            {
                json.WriteNumber("RequestCode"u8, (int)code);
                json.WriteNumber("InstrumentCount"u8, count);
                json.WriteStartArray("InstrumentList"u8);
                for (int i = start; i < start + count; i++)
                {
                    json.WriteStartObject();
                    WriteInstrument(json, instruments[i]);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }));
        }

        return messages;
    }

    /// <summary>The 200-level feed's flat form: <c>{"RequestCode":c,"ExchangeSegment":"NSE_EQ","SecurityId":"1333"}</c>.</summary>
    public static byte[] FlatRequest(DhanRequestCode code, DhanInstrumentRef instrument) => Write(json =>
    {
        json.WriteNumber("RequestCode"u8, (int)code);
        WriteInstrument(json, instrument);
    });

    /// <summary><c>{"RequestCode":12}</c>.</summary>
    public static byte[] Disconnect() => Write(json => json.WriteNumber("RequestCode"u8, (int)DhanRequestCode.Disconnect));

    private static void WriteInstrument(Utf8JsonWriter json, DhanInstrumentRef instrument)
    {
        string segment = DhanSegments.Name((byte)instrument.Segment)
            ?? throw new ArgumentException($"Segment byte {(byte)instrument.Segment} is not a Dhan exchange segment.", nameof(instrument));
        json.WriteString("ExchangeSegment"u8, segment);
        json.WriteString("SecurityId"u8, instrument.SecurityId.ToString(CultureInfo.InvariantCulture));
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
