using System.Buffers.Binary;
using System.Text;
using LowLatencyFeed.Protocols.Common;
using L = LowLatencyFeed.Protocols.Kotak.KotakHsmLayout;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Builds HSM client requests (Kotak/README.md §3): <c>uint16</c> length of the rest, type, field count, then fields
/// <c>[id:u8][length:u16][value]</c>, all big-endian. Cold path, except <see cref="WriteAck"/>.
/// </summary>
public static class KotakHsmRequestWriter
{
    /// <summary>Bytes of an ACK request.</summary>
    public const int AckLength = 11;

    /// <summary>
    /// The connect request (type 1, token mode): field 1 the JWT access token, field 2 the session id (sid), field 3 the
    /// source. The result holds the credentials: send it, never log it.
    /// </summary>
    public static byte[] Connect(string accessToken, string sessionToken, string source = L.Source)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        ArgumentNullException.ThrowIfNull(sessionToken);
        ArgumentNullException.ThrowIfNull(source);
        byte[][] fields = [Encoding.UTF8.GetBytes(accessToken), Encoding.UTF8.GetBytes(sessionToken), Encoding.UTF8.GetBytes(source)];
        return Request(KotakHsmMessageType.Connect, fields, [1, 2, 3]);
    }

    /// <summary>
    /// A subscribe (type 4) or unsubscribe (type 5) request for <paramref name="scrips"/> (<c>segment|token</c>, each
    /// given the <paramref name="kind"/> prefix) on <paramref name="channel"/>: field 1 the scrip list
    /// (<c>uint16</c> count, then <c>uint8</c> length + ASCII per scrip), field 2 the channel byte.
    /// </summary>
    public static byte[] Subscription(KotakHsmMessageType type, KotakHsmTopicKind kind, IReadOnlyList<string> scrips, byte channel)
    {
        ArgumentNullException.ThrowIfNull(scrips);
        if (type is not (KotakHsmMessageType.Subscribe or KotakHsmMessageType.Unsubscribe))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Only subscribe and unsubscribe requests carry a scrip list and channel.");
        }

        if (scrips.Count is 0 or > L.MaxScripsPerRequest)
        {
            throw new ArgumentException($"An HSM request carries 1..{L.MaxScripsPerRequest} scrips; {scrips.Count} were given.", nameof(scrips));
        }

        return Request(type, [ScripList(kind, scrips), [channel]], [1, 2]);
    }

    /// <summary>The scrip list blob: <c>uint16</c> count, then per scrip <c>uint8</c> length and <c>prefix|segment|token</c>.</summary>
    public static byte[] ScripList(KotakHsmTopicKind kind, IReadOnlyList<string> scrips)
    {
        ArgumentNullException.ThrowIfNull(scrips);
        var blob = new List<byte>(2 + (scrips.Count * 20)) { (byte)(scrips.Count >> 8), (byte)scrips.Count };
        foreach (string scrip in scrips)
        {
            byte[] name = Encoding.ASCII.GetBytes(KotakHsmTopics.Name(kind, scrip));
            if (name.Length > byte.MaxValue)
            {
                throw new ArgumentException($"Topic '{KotakHsmTopics.Name(kind, scrip)}' is longer than {byte.MaxValue} bytes.", nameof(scrips));
            }

            blob.Add((byte)name.Length);
            blob.AddRange(name);
        }

        return [.. blob];
    }

    /// <summary>
    /// The requests of <paramref name="type"/> (subscribe or unsubscribe) for <paramref name="topics"/> (as
    /// <see cref="KotakHsmTopics.Expand"/> orders them), within the SDK's limits: at most
    /// <see cref="KotakHsmLayout.MaxScripsPerRequest"/> scrips of one kind per request and
    /// <see cref="KotakHsmLayout.MaxTokensPerChannel"/> per channel, channels filled from
    /// <see cref="KotakHsmLayout.FirstChannel"/> up. The same topics always land on the same channels.
    /// </summary>
    public static List<byte[]> Subscriptions(KotakHsmMessageType type, IReadOnlyList<(KotakHsmTopicKind Kind, string Scrip, Subscription Subscription)> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count > L.MaxTokens)
        {
            throw new ArgumentException($"Kotak HSM takes at most {L.MaxTokens} topics per connection; {topics.Count} were given.", nameof(topics));
        }

        var requests = new List<byte[]>();
        int channel = L.FirstChannel;
        int inChannel = 0;
        int start = 0;
        while (start < topics.Count)
        {
            if (inChannel == L.MaxTokensPerChannel)
            {
                channel++;
                inChannel = 0;
            }

            KotakHsmTopicKind kind = topics[start].Kind;
            int take = 0;
            var scrips = new List<string>(L.MaxScripsPerRequest);
            while (start + take < topics.Count && take < L.MaxScripsPerRequest && inChannel + take < L.MaxTokensPerChannel && topics[start + take].Kind == kind)
            {
                scrips.Add(topics[start + take].Scrip);
                take++;
            }

            requests.Add(Subscription(type, kind, scrips, (byte)channel));
            inChannel += take;
            start += take;
        }

        return requests;
    }

    /// <summary>
    /// Writes the ACK request (type 3) for data frames up to <paramref name="messageNumber"/> into
    /// <paramref name="destination"/> (at least <see cref="AckLength"/> bytes): <c>00 09 03 01 01 00 04</c> + int32.
    /// </summary>
    public static int WriteAck(Span<byte> destination, int messageNumber)
    {
        Span<byte> p = destination[..AckLength];
        BinaryPrimitives.WriteUInt16BigEndian(p, AckLength - 2);
        p[2] = (byte)KotakHsmMessageType.Ack;
        p[3] = 1;
        p[4] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(p[5..], sizeof(int));
        BinaryPrimitives.WriteInt32BigEndian(p[7..], messageNumber);
        return AckLength;
    }

    private static byte[] Request(KotakHsmMessageType type, byte[][] fields, ReadOnlySpan<byte> ids)
    {
        int length = 4;
        foreach (byte[] field in fields)
        {
            if (field.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"An HSM request field is at most {ushort.MaxValue} bytes; one has {field.Length}.", nameof(fields));
            }

            length += 3 + field.Length;
        }

        if (length - 2 > ushort.MaxValue)
        {
            throw new ArgumentException($"An HSM request is at most {ushort.MaxValue + 2} bytes; this one would be {length}.", nameof(fields));
        }

        byte[] request = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(request, (ushort)(length - 2));
        request[2] = (byte)type;
        request[3] = (byte)fields.Length;
        int at = 4;
        for (int i = 0; i < fields.Length; i++)
        {
            request[at] = ids[i];
            BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(at + 1), (ushort)fields[i].Length);
            fields[i].CopyTo(request, at + 3);
            at += 3 + fields[i].Length;
        }

        return request;
    }
}
