using BenchmarkDotNet.Attributes;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Protocols.Dhan;

namespace LowLatencyFeed.Benchmarks.Protocols;

/// <summary>
/// Decoding Dhan 20/200-level depth messages (a bid and an ask side for each of <see cref="Instruments"/> instruments),
/// reported per side packet: ours (levels sorted into slabs, no allocation) against a BinaryReader + LINQ sort baseline.
/// Rows arrive in reverse order so both sides of the comparison really sort. The setup checks that both decode the
/// same values, then runs both until the JIT is done tiering them up.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ParserBenchmarkJob))]
public class DhanDepthBenchmarks
{
    public const int Instruments = 10;

    private const int SidesPerMessage = 2 * Instruments;
    private const long ReceiveTimeNs = 1_719_984_600_000_000_000;

    private byte[] _message = [];
    private DhanDepthProtocol _protocol = null!;
    private DhanBenchmarkSink _sink;
    private DepthSlabPool _slabs = null!;
    private bool _rowsInHeader;

    /// <summary>Rows per side: 20 (20-level feed) or 200 (200-level feed).</summary>
    [Params(20, 200)]
    public int Rows { get; set; } = 20;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _rowsInHeader = Rows == 200;
        SubscriptionMode mode = _rowsInHeader ? SubscriptionMode.Depth200 : SubscriptionMode.Depth20;
        int sideLength = _rowsInHeader ? DhanDepthEncoder.Side200Length(Rows) : DhanDepthLayout.Side20Length;
        byte[] buffer = new byte[SidesPerMessage * sideLength];
        int length = 0;
        var subscriptions = new List<Subscription>();
        for (int i = 0; i < Instruments; i++)
        {
            uint securityId = (uint)(1000 + i);
            subscriptions.Add(new Subscription(InstrumentId.From(FeedKind.Dhan, securityId), string.Empty, "NSE_EQ", mode, 2, 0));
            long mid = random.Next(100_000, 500_000);
            DepthLevel[] bids = [.. Enumerable.Range(1, Rows).Select(k => new DepthLevel(mid - (5 * k), random.Next(1, 5000), random.Next(1, 50))).Reverse()];
            DepthLevel[] asks = [.. Enumerable.Range(1, Rows).Select(k => new DepthLevel(mid + (5 * k), random.Next(1, 5000), random.Next(1, 50))).Reverse()];
            foreach ((bool bid, DepthLevel[] levels) in new[] { (true, bids), (false, asks) })
            {
                length += _rowsInHeader
                    ? DhanDepthEncoder.WriteSide200(buffer.AsSpan(length), bid, DhanExchangeSegment.NseEq, securityId, levels, 2)
                    : DhanDepthEncoder.WriteSide20(buffer.AsSpan(length), bid, DhanExchangeSegment.NseEq, securityId, levels, 2, (uint)i);
            }
        }

        _message = buffer.AsSpan(0, length).ToArray();
        _slabs = new DepthSlabPool(64, 200);
        _protocol = new DhanDepthProtocol(mode, _slabs, subscriptions: subscriptions);
        _sink = new DhanBenchmarkSink(1024);
        CheckSameValues();

        // The first Rows case of a run otherwise risks being measured on tier-0 code (see TieredJitWarmup).
        TieredJitWarmup.UntilSettled($"Dhan depth {Rows}", TypicalClient, ZeroAllocSpan);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SidesPerMessage)]
    public int TypicalClient() => DhanTypicalClient.ParseDepth(_message, _rowsInHeader).Count;

    [Benchmark(OperationsPerInvoke = SidesPerMessage)]
    public int ZeroAllocSpan() => _protocol.Decode(_message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref _sink);

    /// <summary>Ours and the baseline must agree side packet by side packet: instrument, side, and every sorted level.</summary>
    private void CheckSameValues()
    {
        string where = $"Dhan depth {Rows}";
        List<(bool Bid, uint SecurityId, List<DhanTypicalClient.Level> Levels)> sides = DhanTypicalClient.ParseDepth(_message, _rowsInHeader);
        var sink = new DhanBenchmarkSink(1024);
        int events = _protocol.Decode(_message.AsSpan(), MessageKind.Binary, ReceiveTimeNs, ref sink);
        BaselineCheck.That(_protocol.Diagnostics.TotalErrors == 0, where, $"ours reported {_protocol.Diagnostics.TotalErrors} errors");
        BaselineCheck.Value(where, "events", events, sides.Count);
        BaselineCheck.Value(where, "baseline sides", sides.Count, SidesPerMessage);
        for (int i = 0; i < events; i++)
        {
            MarketEvent e = sink.At(i);
            (bool bid, uint securityId, List<DhanTypicalClient.Level> levels) = sides[i];
            string at = $"{where}, side packet {i}";
            BaselineCheck.Value(at, "security id", e.Header.Instrument.Token, securityId);
            BaselineCheck.That(e.Depth.UpdateKind == (bid ? DepthUpdateKind.BidSnapshot : DepthUpdateKind.AskSnapshot), at, $"ours is a {e.Depth.UpdateKind}, the baseline a {(bid ? "bid" : "ask")} side");
            ReadOnlySpan<DepthLevel> ours = bid ? _slabs.Bids(ref e.Depth) : _slabs.Asks(ref e.Depth);
            BaselineCheck.Levels(at, bid ? "bid" : "ask", ours, DhanParserBenchmarks.Rows(levels), BaselineCheck.Scale(e.Header.PriceDecimals));
        }
    }
}
