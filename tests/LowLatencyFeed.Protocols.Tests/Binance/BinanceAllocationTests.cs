using System.Buffers;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using LowLatencyFeed.TestSupport;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Decoding well-formed market data allocates nothing, single- or multi-segment, synchronized books included.</summary>
public sealed class BinanceAllocationTests
{
    [Fact]
    public void Warm_decode_loop_allocates_zero_bytes()
    {
        var protocol = Create();
        var sink = new CollectingSink(64);

        // Bring BTCUSDT's book in sync so synchronized diffs are published (not buffered) in the loop.
        var first = Bytes(DepthUpdate("BTCUSDT", 100, 110, 1, [("35743.87", "1")], [("35743.88", "2")]));
        Decode(protocol, first, ref sink);
        BinanceBookSynchronizer book = protocol.GetBook(BtcUsdt)!;
        Assert.Equal(BinanceSnapshotOutcome.Applied, book.OnSnapshot(105, [new DepthLevel(3574387, 1, 0)], [new DepthLevel(3574388, 2, 0)], ReceiveTime, ref sink, out _));

        ReadOnlySequence<byte>[] messages =
        [
            Bytes(BookTicker),
            Bytes(Trade),
            Bytes(LegacyTrade),
            Bytes(AggTrade),
            Bytes(Combined("bnbbtc@depth20@100ms", PartialDepth)),
            Bytes(Combined("bnbusdt@bookTicker", BookTicker)),
            SegmentedSequence.Chunked(Encoding.UTF8.GetBytes(Combined("bnbbtc@trade", Trade)), 7),
            SegmentedSequence.Chunked(Encoding.UTF8.GetBytes(BookTicker), 3),
            Bytes("{\"data\":" + PartialDepth + ",\"stream\":\"bnbbtc@depth5\"}"),
        ];

        // Synchronized diffs must continue the chain: prebuild a run of them.
        var diffs = new ReadOnlySequence<byte>[5000];
        for (int i = 0; i < diffs.Length; i++)
        {
            long u = 111 + (i * 3);
            string json = Combined("btcusdt@depth@100ms", DepthUpdate("BTCUSDT", u, u + 2, 1622370862564, [("35743.87", "0.5"), ("35743.86", "0")], [("35743.88", "1.25")]));
            diffs[i] = i % 2 == 0 ? Bytes(json) : SegmentedSequence.Chunked(Encoding.UTF8.GetBytes(json), 16);
        }

        // Warm up every path (tiering, statics).
        for (int i = 0; i < 200; i++)
        {
            foreach (ReadOnlySequence<byte> message in messages)
            {
                sink.Clear();
                protocol.Decode(message, MessageKind.Text, ReceiveTime, ref sink);
            }
        }

        for (int i = 0; i < 1000; i++)
        {
            sink.Clear();
            protocol.Decode(diffs[i], MessageKind.Text, ReceiveTime, ref sink);
        }

        // Each window decodes the next 1,000 diffs in update-id order, so the book stays synchronised across windows.
        long events = 0;
        int nextDiff = 1000;
        IReadOnlyList<long> windows = AllocationWindows.UntilZero(
            () =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    foreach (ReadOnlySequence<byte> message in messages)
                    {
                        sink.Clear();
                        events += protocol.Decode(message, MessageKind.Text, ReceiveTime, ref sink);
                    }

                    sink.Clear();
                    events += protocol.Decode(diffs[nextDiff++], MessageKind.Text, ReceiveTime, ref sink);
                }
            },
            maxWindows: (diffs.Length - 1000) / 1000);

        Assert.True(windows[^1] == 0, AllocationWindows.Describe(windows));
        Assert.Equal(10_000L * windows.Count, events);
        Assert.Equal(0, protocol.Diagnostics.TotalErrors);
        Assert.Equal(BinanceBookSyncState.Synced, book.State);
    }
}
