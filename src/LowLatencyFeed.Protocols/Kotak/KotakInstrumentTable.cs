using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// Immutable lookup from (exchange id, token) — and, for indices subscribed by name, (exchange id, name) — to the
/// engine instrument, with each instrument's price scale for the exchange's current divider. Rebuilt (cold) when the
/// subscriptions or the exchange table change.
/// </summary>
internal sealed class KotakInstrumentTable
{
    private readonly FrozenDictionary<long, KotakInstrument> _scrips;
    private readonly IndexEntry[] _indices;

    private KotakInstrumentTable(FrozenDictionary<long, KotakInstrument> scrips, IndexEntry[] indices, int exchangeVersion)
    {
        _scrips = scrips;
        _indices = indices;
        ExchangeVersion = exchangeVersion;
    }

    /// <summary>The <see cref="KotakExchangeTable.Version"/> the scales were computed for.</summary>
    public int ExchangeVersion { get; }

    public static KotakInstrumentTable Build(IReadOnlyList<Subscription> subscriptions, KotakExchangeTable exchanges)
    {
        int version = exchanges.Version;
        var scrips = new Dictionary<long, KotakInstrument>();
        var indices = new List<IndexEntry>();
        foreach (Subscription s in subscriptions)
        {
            (string segment, string token) = KotakSubscriptions.Split(KotakSubscriptions.Scrip(s));
            if (!exchanges.TryGetId(segment, out byte exchangeId))
            {
                throw new ArgumentException($"'{segment}' of {s.Instrument} is not a Kotak exchange segment (nse_cm, nse_fo, bse_cm, ...).", nameof(subscriptions));
            }

            var instrument = new KotakInstrument(s.Instrument, s.PriceDecimals, s.QuantityDecimals, KotakPriceScale.Create(exchanges.Divider(exchangeId), s.PriceDecimals));
            if (uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out uint numeric))
            {
                scrips[Key(exchangeId, numeric)] = instrument;
            }
            else
            {
                indices.Add(new IndexEntry(exchangeId, Encoding.UTF8.GetBytes(token), instrument));
            }
        }

        return new KotakInstrumentTable(scrips.ToFrozenDictionary(), [.. indices], version);
    }

    public bool TryGetScrip(byte exchangeId, uint token, out KotakInstrument instrument) =>
        _scrips.TryGetValue(Key(exchangeId, token), out instrument);

    /// <summary>An index by token (when configured numerically) or by its NUL-trimmed name (ASCII case-insensitive).</summary>
    public bool TryGetIndex(byte exchangeId, uint token, ReadOnlySpan<byte> name, out KotakInstrument instrument)
    {
        if (_scrips.TryGetValue(Key(exchangeId, token), out instrument))
        {
            return true;
        }

        foreach (IndexEntry entry in _indices)
        {
            if (entry.ExchangeId == exchangeId && System.Text.Ascii.EqualsIgnoreCase(entry.Name, name))
            {
                instrument = entry.Instrument;
                return true;
            }
        }

        instrument = default;
        return false;
    }

    private static long Key(byte exchangeId, uint token) => ((long)exchangeId << 32) | token;

    private readonly record struct IndexEntry(byte ExchangeId, byte[] Name, KotakInstrument Instrument);
}
