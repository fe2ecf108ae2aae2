using System.Buffers;
using System.Text.Json;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>Builds SFeed JSON control frames (Kotak/README.md §7). Cold path.</summary>
public static class KotakRequestWriter
{
    /// <summary>
    /// The auth frame that must be sent first: user, session token, <c>"format":"native_batch"</c>, client identity and
    /// <c>conn_req_time</c> (Unix ms). The result holds the credentials: send it, never log it.
    /// </summary>
    public static byte[] Auth(KotakSFeedOptions options, long connectRequestUnixMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Write(json =>
        {
            json.WriteString("user"u8, options.User);
            json.WriteString("auth"u8, options.SessionToken);
            json.WriteString("format"u8, "native_batch"u8);
            json.WriteString("source"u8, options.Source);
            json.WriteString("platform"u8, options.Platform);
            json.WriteString("version"u8, options.Version);
            json.WriteNumber("sdk_version"u8, options.SdkVersion);
            json.WriteString("sdk_date"u8, options.SdkDate);
            json.WriteNumber("conn_req_time"u8, connectRequestUnixMs);
            json.WriteBoolean("sessionValidation"u8, false);
        });
    }

    /// <summary>
    /// <c>{"event":name,"inputtoken":"nse_fo|44498,nse_fo|44500","ack_symbol":true}</c>; unsubscribe events leave
    /// <c>ack_symbol</c> out (pass <paramref name="ackSymbol"/> false).
    /// </summary>
    public static byte[] Tokens(string eventName, IEnumerable<string> scrips, bool ackSymbol = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(scrips);
        string joined = string.Join(',', scrips);
        return Write(json =>
        {
            json.WriteString("event"u8, eventName);
            json.WriteString("inputtoken"u8, joined);
            if (ackSymbol)
            {
                json.WriteBoolean("ack_symbol"u8, true);
            }
        });
    }

    /// <summary><c>{"event":name}</c>, e.g. <c>subscribeExchange</c>.</summary>
    public static byte[] Event(string eventName) => Write(json => json.WriteString("event"u8, eventName));

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
