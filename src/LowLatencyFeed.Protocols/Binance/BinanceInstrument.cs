using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>What the protocol keeps per subscribed symbol.</summary>
internal sealed class BinanceInstrument
{
    public BinanceInstrument(Subscription subscription, EventHeader template, BinanceBookSynchronizer? book, BinanceSnapshotHandoff? handoff)
    {
        Subscription = subscription;
        Template = template;
        Book = book;
        Handoff = handoff;
    }

    public Subscription Subscription { get; }

    /// <summary>Feed, instrument, decimals and session, copied into every event's header.</summary>
    public EventHeader Template;

    public byte PriceDecimals => Template.PriceDecimals;

    public byte QuantityDecimals => Template.QuantityDecimals;

    /// <summary>The local-book procedure, for synchronized diff-depth symbols.</summary>
    public BinanceBookSynchronizer? Book { get; }

    /// <summary>
    /// The connection unsubscribed this symbol's diff-depth stream (the symbol, or its depth mode, was removed at run
    /// time): diffs still in flight are dropped, as no book is kept for them (Binance/README.md §16).
    /// </summary>
    public bool LeftDiffStream { get; init; }

    /// <summary>Unsubscribed at run time; known only so that its data still in flight decodes.</summary>
    public bool Retired { get; init; }

    /// <summary>Snapshot handoff paired with <see cref="Book"/>.</summary>
    public BinanceSnapshotHandoff? Handoff { get; }
}
