using System.Text;
using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Tests.Support;
using static LowLatencyFeed.Protocols.Tests.Binance.BinanceTestData;

namespace LowLatencyFeed.Protocols.Tests.Binance;

/// <summary>Random and mutated input never throws, never leaves a claimed slot, and every rejection is counted.</summary>
public sealed class BinanceFuzzTests
{
    private static readonly string[] s_seeds =
    [
        BookTicker,
        Trade,
        LegacyTrade,
        AggTrade,
        Section6Diff,
        Combined("bnbbtc@depth20@100ms", PartialDepth),
        Combined("btcusdt@depth@100ms", Section6Diff),
        Combined("!serverShutdown", """{"e":"serverShutdown","E":1}"""),
        """{"result":null,"id":1}""",
        """{"code":2,"msg":"Invalid request","id":1}""",
    ];

    [Fact]
    public void Mutated_messages_never_throw_and_errors_are_counted()
    {
        var random = new Random(20240611);
        foreach (bool synchronize in new[] { false, true })
        {
            var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = synchronize });
            var sink = new CollectingSink(64);
            long published = 0;
            for (int i = 0; i < 6000; i++)
            {
                byte[] data = Mutate(Encoding.UTF8.GetBytes(s_seeds[random.Next(s_seeds.Length)]), random);
                sink.Clear();
                int events = random.Next(3) == 0
                    ? Decode(protocol, SegmentedSequence.Chunked(data, 1 + random.Next(7)), ref sink)
                    : Decode(protocol, new System.Buffers.ReadOnlySequence<byte>(data), ref sink);
                Assert.Equal(events, sink.Count);
                Assert.False(sink.HasUnpublishedClaim);
                published += events;
            }

            Assert.Equal(6000, protocol.Diagnostics.Messages);
            Assert.True(protocol.Diagnostics.TotalErrors > 1000, $"only {protocol.Diagnostics.TotalErrors} errors counted");
            Assert.True(published > 100, $"only {published} events survived mutation");
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7);
        var protocol = Create();
        var sink = new CollectingSink(64);
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = new byte[random.Next(1, 200)];
            random.NextBytes(data);
            if (random.Next(2) == 0)
            {
                data[0] = (byte)'{';
            }

            sink.Clear();
            Decode(protocol, new System.Buffers.ReadOnlySequence<byte>(data), ref sink);
            Assert.False(sink.HasUnpublishedClaim);
        }

        Assert.Equal(3000, protocol.Diagnostics.TotalErrors + protocol.ControlResponses + protocol.Diagnostics.Events);
    }

    [Fact]
    public void Every_truncation_of_every_seed_is_rejected_without_throwing()
    {
        var protocol = Create(new BinanceProtocolOptions { SynchronizeBooks = false });
        var sink = new CollectingSink(64);
        long messages = 0;
        foreach (string seed in s_seeds)
        {
            byte[] data = Encoding.UTF8.GetBytes(seed);
            for (int length = 0; length < data.Length; length++)
            {
                sink.Clear();
                Assert.Equal(0, Decode(protocol, new System.Buffers.ReadOnlySequence<byte>(data, 0, length), ref sink));
                messages++;
            }
        }

        Assert.Equal(messages, protocol.Diagnostics.TotalErrors);
        Assert.Equal(0, protocol.Diagnostics.ErrorCount(ParseErrorReason.UnknownInstrument));
    }

    private static byte[] Mutate(byte[] data, Random random)
    {
        var list = new List<byte>(data);
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && list.Count > 0; e++)
        {
            int at = random.Next(list.Count);
            switch (random.Next(6))
            {
                case 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, "{}[],:\"0.-e\\"u8[random.Next(12)]);
                    break;
                case 3:
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 4:
                    list[at] = (byte)('0' + random.Next(10));
                    break;
                default:
                    // Leave this one intact so well-formed messages still flow.
                    break;
            }
        }

        return [.. list];
    }
}
