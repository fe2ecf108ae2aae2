using System.Buffers;
using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Turns a parsed <see cref="BinanceMessage"/> into events.</summary>
public sealed partial class BinanceProtocol
{
    private int Emit<TSink>(ref BinanceMessage m, in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        BinanceEventType type = m.Type;
        if (type == BinanceEventType.None)
        {
            if (m.HasAny(BinanceFields.LastUpdateId | BinanceFields.NamedLevels))
            {
                type = BinanceEventType.PartialDepth;
            }
            else if (m.Has(BinanceFields.FinalUpdateId) && m.HasAny(BinanceFields.BidPrice | BinanceFields.AskPrice))
            {
                type = BinanceEventType.BookTicker;
            }
            else if (!m.Has(BinanceFields.Data) && m.HasAny(BinanceFields.Result | BinanceFields.Code))
            {
                OnControlResponse(m, message);
                return 0;
            }
            else
            {
                Diagnostics.Report(ParseErrorReason.UnknownMessageCode, "message has no event type and no known payload shape", message, m.ObjectStart);
                return 0;
            }
        }

        switch (type)
        {
            case BinanceEventType.Trade:
            case BinanceEventType.AggTrade:
                return EmitTrade(ref m, type, message, receiveTimeNs, ref sink);
            case BinanceEventType.BookTicker:
                return EmitQuote(ref m, message, receiveTimeNs, ref sink);
            case BinanceEventType.DepthUpdate:
                return EmitDiff(ref m, message, receiveTimeNs, ref sink);
            case BinanceEventType.PartialDepth:
                return EmitPartialDepth(ref m, message, receiveTimeNs, ref sink);
            case BinanceEventType.ServerShutdown:
                return EmitServerShutdown(ref m, receiveTimeNs, ref sink);
            default:
                Diagnostics.Report(ParseErrorReason.UnknownMessageCode, "event type 'e' is not one this protocol decodes", message, m.ObjectStart);
                return 0;
        }
    }

    private int EmitTrade<TSink>(ref BinanceMessage m, BinanceEventType type, in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (!TryGetInstrument(m, message, out BinanceInstrument? instrument))
        {
            return 0;
        }

        if (!m.Has(BinanceFields.Price | BinanceFields.Quantity))
        {
            Diagnostics.Report(ParseErrorReason.BadJson, "trade lacks its price 'p' or quantity 'q'", message, m.ObjectStart);
            return 0;
        }

        TickFields fields = TickFields.IsTrade | TickFields.LastPrice | TickFields.LastQuantity;
        long tradeId = 0;
        if (type == BinanceEventType.Trade ? m.Has(BinanceFields.TradeId) : m.Has(BinanceFields.AggregateId))
        {
            tradeId = type == BinanceEventType.Trade ? m.TradeId : m.AggregateId;
            fields |= TickFields.TradeId;
        }

        EventFlags flags = m.BuyerIsMaker ? EventFlags.SellerAggressor : EventFlags.None;
        long exchangeTime;
        long tradeTime = 0;
        if (m.Has(BinanceFields.TradeTime))
        {
            tradeTime = m.TradeTime * _nanosPerTimeUnit;
            exchangeTime = tradeTime;
            fields |= TickFields.LastTradeTime;
        }
        else if (m.Has(BinanceFields.EventTime))
        {
            exchangeTime = m.EventTime * _nanosPerTimeUnit;
        }
        else
        {
            exchangeTime = receiveTimeNs;
            flags |= EventFlags.ExchangeTimeFromReceive;
        }

        ref MarketEvent e = ref sink.Claim();
        e.Header = instrument.Template;
        e.Header.Kind = EventKind.Tick;
        e.Header.Flags = flags;
        e.Header.ExchangeTimeNs = exchangeTime;
        e.Header.ReceiveTimeNs = receiveTimeNs;
        e.Tick.LastPrice = m.Price;
        e.Tick.LastQuantity = m.Quantity;
        e.Tick.TradeId = tradeId;
        e.Tick.LastTradeTimeNs = tradeTime;
        e.Tick.Fields = fields;
        sink.Publish();
        return 1;
    }

    private int EmitQuote<TSink>(ref BinanceMessage m, in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (!TryGetInstrument(m, message, out BinanceInstrument? instrument))
        {
            return 0;
        }

        if (!m.Has(BinanceFields.BidPrice | BinanceFields.BidQuantity | BinanceFields.AskPrice | BinanceFields.AskQuantity))
        {
            Diagnostics.Report(ParseErrorReason.BadJson, "bookTicker lacks one of 'b', 'B', 'a', 'A'", message, m.ObjectStart);
            return 0;
        }

        ref MarketEvent e = ref sink.Claim();
        e.Header = instrument.Template;
        e.Header.Kind = EventKind.Quote;
        SetExchangeTime(ref e.Header, m, receiveTimeNs);
        e.Quote.BidPrice = m.BidPrice;
        e.Quote.BidQuantity = m.BidQuantity;
        e.Quote.AskPrice = m.AskPrice;
        e.Quote.AskQuantity = m.AskQuantity;
        e.Quote.UpdateId = m.FinalUpdateId;
        sink.Publish();
        return 1;
    }

    private int EmitDiff<TSink>(ref BinanceMessage m, in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (!TryGetInstrument(m, message, out BinanceInstrument? instrument))
        {
            return 0;
        }

        if (!m.Has(BinanceFields.FirstUpdateId | BinanceFields.FinalUpdateId))
        {
            Diagnostics.Report(ParseErrorReason.BadJson, "depthUpdate lacks its update ids 'U' or 'u'", message, m.ObjectStart);
            return 0;
        }

        if (m.FirstUpdateId > m.FinalUpdateId)
        {
            Diagnostics.Report(ParseErrorReason.InvalidValue, "depthUpdate has U greater than u", message, m.ObjectStart);
            return 0;
        }

        ReadOnlySpan<DepthLevel> bids = _bidScratch.AsSpan(0, m.Has(BinanceFields.BidLevels) ? m.BidCount : 0);
        ReadOnlySpan<DepthLevel> asks = _askScratch.AsSpan(0, m.Has(BinanceFields.AskLevels) ? m.AskCount : 0);
        EventHeader header = instrument.Template;
        SetExchangeTime(ref header, m, receiveTimeNs);
        header.ReceiveTimeNs = receiveTimeNs;

        BinanceBookSynchronizer? book = instrument.Book;
        if (book is null)
        {
            if (instrument.LeftDiffStream)
            {
                Interlocked.Increment(ref _diffsAfterUnsubscribe);
                return 0;
            }

            return BinanceDepthWriter.Publish(ref sink, header, DepthUpdateKind.Diff, m.FirstUpdateId, m.FinalUpdateId, bids, asks, _options.Slabs);
        }

        var diff = new BinanceDiff(m.FirstUpdateId, m.FinalUpdateId, header.ExchangeTimeNs, receiveTimeNs, header.Flags);
        int events = book.OnDiff(diff, bids, asks, ref sink);
        if (book.NeedsSnapshot)
        {
            RequestSnapshot(instrument);
        }

        return events;
    }

    private int EmitPartialDepth<TSink>(ref BinanceMessage m, in ReadOnlySequence<byte> message, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        if (!TryGetInstrument(m, message, out BinanceInstrument? instrument))
        {
            return 0;
        }

        if (!m.Has(BinanceFields.LastUpdateId | BinanceFields.BidLevels | BinanceFields.AskLevels))
        {
            Diagnostics.Report(ParseErrorReason.BadJson, "partial depth lacks 'lastUpdateId', 'bids' or 'asks'", message, m.ObjectStart);
            return 0;
        }

        EventHeader header = instrument.Template;
        SetExchangeTime(ref header, m, receiveTimeNs);
        header.ReceiveTimeNs = receiveTimeNs;
        return BinanceDepthWriter.Publish(
            ref sink,
            header,
            DepthUpdateKind.Snapshot,
            m.LastUpdateId,
            m.LastUpdateId,
            _bidScratch.AsSpan(0, m.BidCount),
            _askScratch.AsSpan(0, m.AskCount),
            _options.Slabs);
    }

    private int EmitServerShutdown<TSink>(ref BinanceMessage m, long receiveTimeNs, ref TSink sink)
        where TSink : IEventSink
    {
        Interlocked.Increment(ref _serverShutdowns);
        _logger.LogWarning("{Source}: server announced a shutdown; the connection should be replaced", Diagnostics.Source);
        ref MarketEvent e = ref sink.Claim();
        e.Header.Kind = EventKind.Control;
        e.Header.Feed = FeedKind.Binance;
        e.Header.SessionId = _options.SessionId;
        e.Header.Instrument = m.Symbol >= 0 ? _instruments[m.Symbol].Template.Instrument : InstrumentId.From(FeedKind.Binance, 0);
        SetExchangeTime(ref e.Header, m, receiveTimeNs);
        e.Control.Code = ControlCode.ServerDisconnect;
        sink.Publish();
        return 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnControlResponse(in BinanceMessage m, in ReadOnlySequence<byte> message)
    {
        if (m.Has(BinanceFields.Code))
        {
            Interlocked.Increment(ref _errorResponses);
            string text = DescribeErrorResponse(message, m);
            LastErrorResponse = text;
            _logger.LogWarning("{Source}: request rejected by the server: {Error}", Diagnostics.Source, text);
            return;
        }

        Interlocked.Increment(ref _controlResponses);
        Volatile.Write(ref _lastControlResponseId, m.ControlId);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetExchangeTime(ref EventHeader header, in BinanceMessage m, long receiveTimeNs)
    {
        header.ReceiveTimeNs = receiveTimeNs;
        if (m.Has(BinanceFields.EventTime))
        {
            header.ExchangeTimeNs = m.EventTime * _nanosPerTimeUnit;
        }
        else
        {
            // Spot bookTicker and partial depth carry no time at all.
            header.ExchangeTimeNs = receiveTimeNs;
            header.Flags |= EventFlags.ExchangeTimeFromReceive;
        }
    }

    private bool TryGetInstrument(in BinanceMessage m, in ReadOnlySequence<byte> message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BinanceInstrument? instrument)
    {
        if (m.Symbol >= 0)
        {
            instrument = _instruments[m.Symbol];
            return true;
        }

        instrument = null;
        Diagnostics.Report(ParseErrorReason.UnknownInstrument, "symbol is not subscribed on this connection (or missing)", message, m.ObjectStart);
        return false;
    }
}
