using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Protocols.Kotak;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>Reads the binary requests an HSM client sends: the field list of a request, and the scrip list of a subscription. Cold path.</summary>
internal static class KotakHsmSimulatedRequest
{
    /// <summary><c>[uint16 length of the rest][type][count]</c> then <c>count × [id][uint16 length][value]</c>, exactly filling the message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out KotakHsmMessageType type, out List<(byte Id, byte[] Value)> fields, out string? problem)
    {
        fields = [];
        type = message.Length > L.Type ? (KotakHsmMessageType)message[L.Type] : 0;
        if (message.Length < 4 || BinaryPrimitives.ReadUInt16BigEndian(message) != message.Length - 2)
        {
            problem = "its length prefix does not match its size";
            return false;
        }

        int count = message[3];
        int at = 4;
        for (int i = 0; i < count; i++)
        {
            if (message.Length - at < 3 || message.Length - at - 3 < BinaryPrimitives.ReadUInt16BigEndian(message[(at + 1)..]))
            {
                problem = $"field {i} of {count} runs past the end";
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 1)..]);
            fields.Add((message[at], message.Slice(at + 3, length).ToArray()));
            at += 3 + length;
        }

        problem = at == message.Length ? null : $"{message.Length - at} byte(s) follow its {count} field(s)";
        return problem is null;
    }

    /// <summary>The scrip list: uint16 count, then uint8 length + ASCII per scrip.</summary>
    public static bool TryParseScrips(byte[] list, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out List<string>? names)
    {
        names = null;
        if (list.Length < 2)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(list);
        var result = new List<string>(count);
        int at = 2;
        for (int i = 0; i < count; i++)
        {
            if (at >= list.Length || list.Length - at - 1 < list[at])
            {
                return false;
            }

            result.Add(Encoding.ASCII.GetString(list, at + 1, list[at]));
            at += 1 + list[at];
        }

        names = result;
        return at == list.Length;
    }

    public static byte[] Field(List<(byte Id, byte[] Value)> fields, byte id)
    {
        foreach ((byte fieldId, byte[] value) in fields)
        {
            if (fieldId == id)
            {
                return value;
            }
        }

        return [];
    }
}
