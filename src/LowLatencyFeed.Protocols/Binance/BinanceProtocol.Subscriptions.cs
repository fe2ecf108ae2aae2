using System.Buffers;
using System.Text;
using System.Text.Json;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Stream names and SUBSCRIBE requests (cold path).</summary>
public sealed partial class BinanceProtocol
{
    /// <summary>
    /// <c>{"method":"SUBSCRIBE","params":[…],"id":N}</c> messages for <paramref name="subscriptions"/>, at most
    /// <see cref="BinanceProtocolOptions.MaxStreamsPerRequest"/> streams each, ids increasing across calls. Called after
    /// every (re)connect, so it also resets the synchronized books (<see cref="ResetBooks"/>); a list the decoder does
    /// not know yet (changed while no connection was open) becomes the decoder's at that reset. The transport paces them
    /// with the runtime changes: at most <see cref="BinanceStreamLimits.ControlMessagesPerWindow"/> per
    /// <see cref="BinanceStreamLimits.ControlMessageWindow"/> (Binance/README.md §2).
    /// </summary>
    /// <exception cref="ArgumentException">A symbol that is empty, not ASCII or listed twice, or more than
    /// <see cref="BinanceStreamLimits.MaxStreamsPerConnection"/> streams (split the subscriptions over connections).</exception>
    public IReadOnlyList<OutgoingMessage> BuildSubscriptionMessages(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var streams = new List<string>();
        foreach (Subscription subscription in subscriptions)
        {
            AppendStreamNames(subscription, _options, streams);
        }

        if (streams.Count > BinanceStreamLimits.MaxStreamsPerConnection)
        {
            ThrowHelper.ThrowArgument(
                nameof(subscriptions),
                "{0} streams exceed Binance's {1} per connection; split the subscriptions over several connections.", streams.Count, BinanceStreamLimits.MaxStreamsPerConnection);
        }

        PrepareTablesFor(subscriptions);
        ResetBooks();
        var messages = new List<OutgoingMessage>();
        for (int first = 0; first < streams.Count; first += _options.MaxStreamsPerRequest)
        {
            int count = Math.Min(_options.MaxStreamsPerRequest, streams.Count - first);
            long id = Interlocked.Increment(ref _nextRequestId);
            messages.Add(new OutgoingMessage(BuildRequest("SUBSCRIBE", streams, first, count, id), MessageKind.Text));
        }

        return messages;
    }

    /// <summary>The stream names a subscription needs under <paramref name="options"/> (e.g. <c>btcusdt@trade</c>).</summary>
    public static IReadOnlyList<string> StreamNames(Subscription subscription, BinanceProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var streams = new List<string>(3);
        AppendStreamNames(subscription, options ?? new BinanceProtocolOptions(), streams);
        return streams;
    }

    /// <summary>
    /// The combined-stream path for connecting with the streams in the URL instead of SUBSCRIBE messages:
    /// <c>/stream?streams=a/b/c</c> (append to the base address).
    /// </summary>
    public string BuildCombinedStreamPath(IReadOnlyList<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var streams = new List<string>();
        foreach (Subscription subscription in subscriptions)
        {
            AppendStreamNames(subscription, _options, streams);
        }

        return "/stream?streams=" + string.Join('/', streams);
    }

    private static void AppendStreamNames(Subscription subscription, BinanceProtocolOptions options, List<string> streams)
    {
        string symbol = subscription.Symbol.ToLowerInvariant();
        streams.Add(symbol + (options.UseAggregateTrades ? "@aggTrade" : "@trade"));
        if (subscription.Mode == SubscriptionMode.Ltp)
        {
            return;
        }

        streams.Add(symbol + "@bookTicker");
        string speed = options.DepthEvery100Milliseconds ? "@100ms" : string.Empty;
        if (UsesDiffDepth(subscription.Mode))
        {
            streams.Add(symbol + "@depth" + speed);
        }
        else if (subscription.Mode == SubscriptionMode.Depth20)
        {
            streams.Add(symbol + "@depth" + options.PartialDepthLevels.ToString(System.Globalization.CultureInfo.InvariantCulture) + speed);
        }
    }

    private static bool UsesDiffDepth(SubscriptionMode mode) => mode is SubscriptionMode.Full or SubscriptionMode.Depth200;

    private static ReadOnlyMemory<byte> BuildRequest(string method, List<string> streams, int first, int count, long id)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (count * 32));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, method);
            writer.WriteStartArray("params"u8);
            for (int i = first; i < first + count; i++)
            {
                writer.WriteStringValue(streams[i]);
            }

            writer.WriteEndArray();
            writer.WriteNumber("id"u8, id);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
