namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// Who gets what from the stream stage, built whole off the ring thread whenever a client connects, leaves or changes
/// its subscription or format, and read by the stage with one volatile read per event: the clients, the format each
/// should read the tick log in (firehose) or -1, the clients that take ticks and trades through their queue, those
/// subscribed to quotes and to depth, and per format which of ticks and trades some firehose client wants (so the stage
/// writes those into the tick log). The stage still checks each listed client's current subscription per event.
/// </summary>
internal sealed class StreamRoute
{
    /// <summary>No client.</summary>
    public static StreamRoute Empty { get; } = new([]);

    /// <summary>Builds the route of <paramref name="clients"/> from their subscriptions and formats now.</summary>
    public StreamRoute(StreamClient[] clients)
    {
        All = clients;
        Firehose = new int[clients.Length];
        var queued = new List<StreamClient>();
        var quotes = new List<StreamClient>();
        var depth = new List<StreamClient>();
        for (int i = 0; i < clients.Length; i++)
        {
            StreamClient client = clients[i];
            StreamSubscription subscription = client.Subscription;
            Firehose[i] = -1;
            if ((subscription.Channels & StreamChannels.Quotes) != 0)
            {
                quotes.Add(client);
            }

            if ((subscription.Channels & StreamChannels.Depth) != 0)
            {
                depth.Add(client);
            }

            if ((subscription.Channels & (StreamChannels.Ticks | StreamChannels.Trades)) == 0)
            {
                continue;
            }

            if (client.IsFirehose)
            {
                int format = (int)client.Format;
                Firehose[i] = format;
                FirehoseChannels[format] |= subscription.Channels & (StreamChannels.Ticks | StreamChannels.Trades);
            }
            else
            {
                queued.Add(client);
            }
        }

        Queued = [.. queued];
        Quotes = [.. quotes];
        Depth = [.. depth];
    }

    /// <summary>Every client.</summary>
    public StreamClient[] All { get; }

    /// <summary>Per client of <see cref="All"/>: the format of the tick log it reads, or -1.</summary>
    public int[] Firehose { get; }

    /// <summary>Clients that take (some) ticks or trades through their queue: instrument subsets.</summary>
    public StreamClient[] Queued { get; }

    /// <summary>Clients subscribed to quotes (of some instruments).</summary>
    public StreamClient[] Quotes { get; }

    /// <summary>Clients subscribed to depth (of some instruments).</summary>
    public StreamClient[] Depth { get; }

    /// <summary>Per format: ticks and/or trades some firehose client wants, written into that format's tick log for every instrument.</summary>
    public StreamChannels[] FirehoseChannels { get; } = new StreamChannels[2];
}
