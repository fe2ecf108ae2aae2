using System.Collections.Frozen;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>
/// Immutable (segment, security id) → instrument map shared by the Dhan decoders; replaced as a whole when the
/// subscriptions change, so the receive thread reads it without locks.
/// </summary>
internal sealed class DhanInstrumentTable
{
    private readonly FrozenDictionary<long, DhanInstrument> _map;

    private DhanInstrumentTable(FrozenDictionary<long, DhanInstrument> map) => _map = map;

    public static DhanInstrumentTable Empty { get; } = new(FrozenDictionary<long, DhanInstrument>.Empty);

    public int Count => _map.Count;

    public static DhanInstrumentTable Build(IEnumerable<Subscription>? subscriptions)
    {
        if (subscriptions is null)
        {
            return Empty;
        }

        var map = new Dictionary<long, DhanInstrument>();
        foreach (Subscription s in subscriptions)
        {
            long key = Key((byte)DhanSubscriptions.Segment(s), DhanSubscriptions.SecurityId(s));
            map[key] = new DhanInstrument(s.Instrument, s.PriceDecimals, s.QuantityDecimals);
        }

        return new DhanInstrumentTable(map.ToFrozenDictionary());
    }

    public bool TryGet(byte segment, uint securityId, out DhanInstrument instrument) =>
        _map.TryGetValue(Key(segment, securityId), out instrument);

    /// <summary>
    /// The subscribed instrument, or, when <see cref="DhanFeedOptions.PublishUnknownInstruments"/> is set, one made
    /// from the security id with the default price decimals; false when the packet is to be skipped.
    /// </summary>
    public bool TryResolve(byte segment, uint securityId, DhanFeedOptions options, out DhanInstrument instrument)
    {
        if (TryGet(segment, securityId, out instrument))
        {
            return true;
        }

        if (options.PublishUnknownInstruments)
        {
            instrument = new DhanInstrument(InstrumentId.From(FeedKind.Dhan, securityId), options.DefaultPriceDecimals, 0);
            return true;
        }

        return false;
    }

    private static long Key(byte segment, uint securityId) => ((long)segment << 32) | securityId;
}
