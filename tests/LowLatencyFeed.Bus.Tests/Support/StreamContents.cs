using LowLatencyFeed.Bus.Format;
using LowLatencyFeed.Core.Events;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>A bus stream read whole with an ordered consumer: every event with its source sequence, and every message id.</summary>
internal sealed class StreamContents
{
    public List<(long Sequence, string Text)> Events { get; } = [];

    public List<string> MessageIds { get; } = [];

    public List<string> Subjects { get; } = [];

    public static async Task<StreamContents> ReadAsync(string url, string stream)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(connection);
        INatsJSStream info = await js.GetStreamAsync(stream);
        ulong last = info.Info.State.LastSeq;
        var contents = new StreamContents();
        if (info.Info.State.Messages == 0)
        {
            return contents;
        }

        var consumer = await js.CreateOrderedConsumerAsync(stream);
        var reader = new BusMessageReader();
        var slabs = new DepthSlabPool(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var message in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(cancellationToken: timeout.Token))
        {
            using (NatsMemoryOwner<byte> data = message.Data)
            {
                Assert.Equal(BusReadStatus.Ok, reader.Open(data.Memory));
                contents.MessageIds.Add(message.Headers?["Nats-Msg-Id"].ToString() ?? "");
                contents.Subjects.Add(message.Subject);
                var e = default(MarketEvent);
                while (reader.HasNext)
                {
                    Assert.True(reader.MoveNext(ref e, out int slabData));
                    if (slabData >= 0)
                    {
                        int slab = slabs.Claim();
                        reader.CopySlabLevels(slabData, in e.Depth, slabs, slab);
                        e.Depth.SlabIndex = slab;
                        contents.Events.Add((e.Header.Sequence, EventText.Of(in e, slabs.Bids(in e.Depth), slabs.Asks(in e.Depth))));
                        slabs.Commit(slab, 0);
                    }
                    else
                    {
                        contents.Events.Add((e.Header.Sequence, EventText.Of(in e, InlineBids(in e.Depth, e.Header.Kind), InlineAsks(in e.Depth, e.Header.Kind))));
                    }
                }
            }

            if (message.Metadata?.Sequence.Stream >= last)
            {
                break;
            }
        }

        // Messages of a batch are split by feed × kind: the source order is the sequence order.
        contents.Events.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return contents;
    }

    private static ReadOnlySpan<DepthLevel> InlineBids(in DepthPayload depth, EventKind kind)
    {
        if (kind != EventKind.Depth)
        {
            return [];
        }

        ReadOnlySpan<DepthLevel> inline = depth.Levels;
        return inline[..Math.Min((int)depth.BidCount, InlineDepthLevels.Capacity)];
    }

    private static ReadOnlySpan<DepthLevel> InlineAsks(in DepthPayload depth, EventKind kind)
    {
        if (kind != EventKind.Depth)
        {
            return [];
        }

        ReadOnlySpan<DepthLevel> inline = depth.Levels;
        int bids = Math.Min((int)depth.BidCount, InlineDepthLevels.Capacity);
        return inline.Slice(bids, Math.Min((int)depth.AskCount, InlineDepthLevels.Capacity - bids));
    }
}
