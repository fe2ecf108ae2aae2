using System.Collections.Frozen;
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

    private static long Key(byte segment, uint securityId) => ((long)segment << 32) | securityId;
}
