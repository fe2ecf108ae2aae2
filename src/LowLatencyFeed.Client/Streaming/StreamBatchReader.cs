using System.Buffers.Binary;
using System.Text.Json;

namespace LowLatencyFeed.Client.Streaming;

/// <summary>
/// Splits a batched WebSocket message (asked for with <c>"batch": true</c>; README, "Batched messages") into its
/// messages: a binary batch starts with type byte 0, layout version 1 and the message count (u16 LE), then after 4 zero
/// bytes each message as its length (u32 LE) and bytes; a JSON batch is one array of message objects.
/// </summary>
public static class StreamBatchReader
{
    /// <summary>True when <paramref name="message"/> is a batch (binary type 0, or JSON text starting with <c>[</c>).</summary>
    public static bool IsBatch(ReadOnlySpan<byte> message, bool binary) =>
        message.Length > 0 && (binary ? message[0] == 0 : message[0] == (byte)'[');

    /// <summary>The batch's messages, in order, read as <see cref="StreamBinaryReader"/> and <see cref="StreamMessageReader"/> read single ones.</summary>
    public static List<StreamMessage> Read(ReadOnlySpan<byte> message, bool binary)
    {
        var messages = new List<StreamMessage>();
        if (binary)
        {
            if (message.Length < 8 || message[1] != 1)
            {
                messages.Add(new UnknownMessage { Type = "binary:0" });
                return messages;
            }

            int count = BinaryPrimitives.ReadUInt16LittleEndian(message[2..]);
            int at = 8;
            for (int i = 0; i < count && at + 4 <= message.Length; i++)
            {
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message[at..]);
                at += 4;
                if (length < 0 || at + length > message.Length)
                {
                    messages.Add(new UnknownMessage { Type = "binary:0" });
                    break;
                }

                messages.Add(StreamBinaryReader.Read(message.Slice(at, length)));
                at += length;
            }

            return messages;
        }

        var reader = new Utf8JsonReader(message);
        reader.Read();   // '['
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            messages.Add(StreamMessageReader.Read(message[start..((int)reader.BytesConsumed)]));
        }

        return messages;
    }
}
