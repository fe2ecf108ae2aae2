using System.Buffers;
using System.Text.Json;

namespace LowLatencyFeed.Protocols.Kite;

/// <summary>
/// Builds client requests as UTF-8 JSON (Kite/README.md §2). Tokens are written as JSON numbers: the server ignores tokens
/// sent as strings. Cold path.
/// </summary>
public static class KiteRequestWriter
{
    /// <summary><c>{"a":"subscribe","v":[tokens]}</c>.</summary>
    public static byte[] Subscribe(ReadOnlySpan<long> tokens) => Write("subscribe", null, tokens);

    /// <summary><c>{"a":"unsubscribe","v":[tokens]}</c>.</summary>
    public static byte[] Unsubscribe(ReadOnlySpan<long> tokens) => Write("unsubscribe", null, tokens);

    /// <summary><c>{"a":"mode","v":["ltp"|"quote"|"full",[tokens]]}</c>.</summary>
    public static byte[] Mode(KiteMode mode, ReadOnlySpan<long> tokens) => Write("mode", KiteModes.Name(mode), tokens);

    private static byte[] Write(string action, string? mode, ReadOnlySpan<long> tokens)
    {
        var buffer = new ArrayBufferWriter<byte>(32 + (tokens.Length * 11));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("a"u8, action);
            json.WritePropertyName("v"u8);
            json.WriteStartArray();
            if (mode is not null)
            {
                json.WriteStringValue(mode);
                json.WriteStartArray();
            }

            foreach (long token in tokens)
            {
                json.WriteNumberValue(token);
            }

            if (mode is not null)
            {
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
