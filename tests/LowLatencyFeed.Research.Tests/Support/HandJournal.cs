using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Research.Tests.Support;

/// <summary>Writes a journal event by event, so a test knows every value it holds.</summary>
internal sealed class HandJournal : IDisposable
{
    private readonly JournalWriter _writer;
    private long _sequence;

    public HandJournal(string directory) =>
        _writer = JournalWriter.Open(new JournalWriterOptions { Directory = directory, MaxEventsPerBlock = 64, Durability = JournalDurability.FlushPerBlock }, null);

    public static long Utc(int year, int month, int day, int hour, int minute, int second, int millisecond = 0) =>
        (new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100;

    public void Trade(InstrumentId instrument, long timeNs, long price, long quantity, byte priceDecimals = 2, byte quantityDecimals = 0)
    {
        MarketEvent e = Header(EventKind.Tick, instrument, timeNs, priceDecimals, quantityDecimals);
        e.Tick.LastPrice = price;
        e.Tick.LastQuantity = quantity;
        e.Tick.TradeId = _sequence;
        e.Tick.Fields = TickFields.LastPrice | TickFields.LastQuantity | TickFields.TradeId | TickFields.IsTrade;
        Append(ref e);
    }

    public void Tick(InstrumentId instrument, long timeNs, long price, long cumulativeVolume)
    {
        MarketEvent e = Header(EventKind.Tick, instrument, timeNs, 2, 0);
        e.Tick.LastPrice = price;
        e.Tick.CumulativeVolume = cumulativeVolume;
        e.Tick.Fields = TickFields.LastPrice | TickFields.CumulativeVolume;
        Append(ref e);
    }

    public void Quote(InstrumentId instrument, long timeNs, long bid, long bidQuantity, long ask, long askQuantity)
    {
        MarketEvent e = Header(EventKind.Quote, instrument, timeNs, 2, 0);
        e.Quote.BidPrice = bid;
        e.Quote.BidQuantity = bidQuantity;
        e.Quote.AskPrice = ask;
        e.Quote.AskQuantity = askQuantity;
        Append(ref e);
    }

    /// <summary>A snapshot with inline levels: bids best first, then asks best first.</summary>
    public void Depth(InstrumentId instrument, long timeNs, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        MarketEvent e = Header(EventKind.Depth, instrument, timeNs, 2, 0);
        e.Depth.UpdateKind = DepthUpdateKind.Snapshot;
        e.Depth.SlabIndex = -1;
        e.Depth.BidCount = (ushort)bids.Length;
        e.Depth.AskCount = (ushort)asks.Length;
        Span<DepthLevel> levels = e.Depth.Levels;
        bids.CopyTo(levels);
        asks.CopyTo(levels[bids.Length..]);
        Append(ref e);
    }

    public void Dispose() => _writer.Dispose();

    private MarketEvent Header(EventKind kind, InstrumentId instrument, long timeNs, byte priceDecimals, byte quantityDecimals)
    {
        MarketEvent e = default;
        e.Header.Kind = kind;
        e.Header.Feed = instrument.Feed;
        e.Header.Instrument = instrument;
        e.Header.PriceDecimals = priceDecimals;
        e.Header.QuantityDecimals = quantityDecimals;
        e.Header.ExchangeTimeNs = timeNs;
        e.Header.ReceiveTimeNs = timeNs + 1_000;
        return e;
    }

    private void Append(ref MarketEvent e)
    {
        e.Header.Sequence = _sequence;
        Assert.True(_writer.Append(in e, _sequence));
        _sequence++;
    }
}
