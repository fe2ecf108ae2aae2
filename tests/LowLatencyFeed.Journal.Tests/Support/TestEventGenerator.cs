using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Journal.Tests.Support;

/// <summary>
/// Deterministic pseudo-market: random-walk prices per instrument, a mix of every event kind, inline and slab depth.
/// The same seed yields the same events, so tests regenerate the expected stream instead of storing it.
/// </summary>
public sealed class TestEventGenerator
{
    public const long StartTimeNs = 1_735_689_600_000_000_000; // 2025-01-01T00:00:00Z

    private readonly Random _random;
    private readonly DepthSlabPool? _slabs;
    private readonly long[] _prices;
    private readonly long[] _volumes;
    private long _exchangeTime = StartTimeNs;
    private long _receiveTime = StartTimeNs + 1_000_000;

    public TestEventGenerator(int seed, int instruments = 16, DepthSlabPool? slabs = null, bool ticksOnly = false)
    {
        _random = new Random(seed);
        _slabs = slabs;
        TicksOnly = ticksOnly;
        _prices = new long[instruments];
        _volumes = new long[instruments];
        for (int i = 0; i < instruments; i++)
        {
            _prices[i] = 100_000 + (i * 1_000);
        }
    }

    public bool TicksOnly { get; }

    public static InstrumentId Instrument(int index) => InstrumentId.From(FeedKind.Kite, 256_000 + index);

    /// <summary>Fills a cleared slot, as a parser would.</summary>
    public void Next(long sequence, ref MarketEvent e)
    {
        e = default;
        int index = _random.Next(_prices.Length);
        _exchangeTime += _random.Next(0, 2_000_000);
        _receiveTime += _random.Next(1, 2_000_000);
        ref EventHeader h = ref e.Header;
        h.Feed = FeedKind.Kite;
        h.PriceDecimals = 2;
        h.SessionId = (ushort)(1 + (index & 1));
        h.Instrument = Instrument(index);
        h.ExchangeTimeNs = _exchangeTime - _random.Next(0, 500_000);
        h.ReceiveTimeNs = _receiveTime;
        h.Sequence = sequence;
        _prices[index] += _random.Next(-5, 6);

        int roll = TicksOnly ? 0 : _random.Next(100);
        if (roll < 55)
        {
            h.Kind = EventKind.Tick;
            long quantity = _random.Next(1, 500);
            _volumes[index] += quantity;
            e.Tick.LastPrice = _prices[index];
            e.Tick.LastQuantity = quantity;
            e.Tick.CumulativeVolume = _volumes[index];
            e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.CumulativeVolume;
            if (_random.Next(4) == 0)
            {
                e.Tick.AveragePrice = _prices[index] - 3;
                e.Tick.TotalBuyQuantity = _random.Next(1_000_000);
                e.Tick.TotalSellQuantity = _random.Next(1_000_000);
                e.Tick.Fields |= TickFields.AveragePrice | TickFields.TotalBuySell;
            }
        }
        else if (roll < 80)
        {
            h.Kind = EventKind.Quote;
            e.Quote.BidPrice = _prices[index] - 5;
            e.Quote.AskPrice = _prices[index] + 5;
            e.Quote.BidQuantity = _random.Next(1, 10_000);
            e.Quote.AskQuantity = _random.Next(1, 10_000);
            e.Quote.BidOrders = _random.Next(1, 50);
        }
        else if (roll < 92)
        {
            h.Kind = EventKind.Depth;
            ref DepthPayload d = ref e.Depth;
            d.UpdateKind = DepthUpdateKind.Snapshot;
            d.BidCount = (ushort)_random.Next(0, 6);
            d.AskCount = (ushort)_random.Next(0, 6);
            d.SlabIndex = -1;
            Span<DepthLevel> levels = d.Levels;
            for (int i = 0; i < d.BidCount + d.AskCount; i++)
            {
                levels[i] = new DepthLevel(_prices[index] + (i < d.BidCount ? -5 - i : 5 + i), _random.Next(1, 5_000), _random.Next(1, 20));
            }
        }
        else if (roll < 96 && _slabs is not null)
        {
            h.Kind = EventKind.Depth;
            h.Feed = FeedKind.Dhan;
            ref DepthPayload d = ref e.Depth;
            d.UpdateKind = _random.Next(2) == 0 ? DepthUpdateKind.BidSnapshot : DepthUpdateKind.AskSnapshot;
            d.BidCount = (ushort)_random.Next(0, 21);
            d.AskCount = (ushort)_random.Next(0, 21);
            int slab = _slabs.Claim(sequence);
            Span<DepthLevel> bids = _slabs.WritableBids(slab);
            Span<DepthLevel> asks = _slabs.WritableAsks(slab);
            for (int i = 0; i < d.BidCount; i++)
            {
                bids[i] = new DepthLevel(_prices[index] - 5 - i, _random.Next(1, 5_000), _random.Next(1, 20));
            }

            for (int i = 0; i < d.AskCount; i++)
            {
                asks[i] = new DepthLevel(_prices[index] + 5 + i, _random.Next(1, 5_000), 0);
            }

            _slabs.Metadata(slab) = new DepthSlabMetadata { FirstUpdateId = sequence * 10, LastUpdateId = (sequence * 10) + 9, Tag = index };
            d.SlabIndex = slab;
        }
        else if (roll < 98)
        {
            h.Kind = EventKind.Control;
            e.Control.Code = (ControlCode)_random.Next(1, 9);
            e.Control.Reason = _random.Next(0, 1000);
            e.Control.Argument0 = _random.Next();
            h.ExchangeTimeNs = 0;
        }
        else
        {
            h.Kind = EventKind.Clock;
            h.Instrument = default;
            h.ExchangeTimeNs = _exchangeTime;
        }
    }
}
