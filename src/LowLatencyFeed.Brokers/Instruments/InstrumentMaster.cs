namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>
/// One broker's instruments for one day, indexed the ways operators and configs name them: "EXCHANGE:SYMBOL" (the
/// operator name, and also the broker's own trading symbol under the same exchange) and the broker's key (Kite
/// "408065", Dhan "NSE_EQ|1594", Kotak "nse_cm|11536", Binance "BTCUSDT"). Immutable once built: a daily download
/// builds a new one and the host swaps it in.
/// </summary>
public sealed class InstrumentMaster
{
    private readonly Dictionary<string, MasterInstrument> _bySymbol = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MasterInstrument> _byKey = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes <paramref name="instruments"/> of <paramref name="broker"/>, valid on <paramref name="validOn"/>.</summary>
    public InstrumentMaster(BrokerKind broker, DateOnly validOn, IReadOnlyList<MasterInstrument> instruments)
    {
        Broker = broker;
        ValidOn = validOn;
        Instruments = instruments;
        foreach (MasterInstrument instrument in instruments)
        {
            _byKey.TryAdd(instrument.BrokerKey, instrument);
            AddSymbol(instrument.QualifiedSymbol, instrument);
        }

        // Broker spellings second, so they never shadow an operator name.
        foreach (MasterInstrument instrument in instruments)
        {
            _bySymbol.TryAdd(instrument.Exchange + ":" + instrument.BrokerSymbol, instrument);
        }
    }

    /// <summary>The broker.</summary>
    public BrokerKind Broker { get; }

    /// <summary>The trading day the master was downloaded for.</summary>
    public DateOnly ValidOn { get; }

    /// <summary>Every row, in file order.</summary>
    public IReadOnlyList<MasterInstrument> Instruments { get; }

    /// <summary>
    /// Finds <paramref name="name"/>: "EXCHANGE:SYMBOL" (case-insensitive) or the broker's key; null when neither
    /// matches.
    /// </summary>
    public MasterInstrument? Find(string name)
    {
        name = name.Trim();
        if (_bySymbol.TryGetValue(name, out MasterInstrument? bySymbol))
        {
            return bySymbol;
        }

        if (_byKey.TryGetValue(name, out MasterInstrument? byKey))
        {
            return byKey;
        }

        // BINANCE:btcusdt and a bare Binance symbol are the same key.
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && _byKey.TryGetValue(name[(colon + 1)..], out MasterInstrument? keyAfterExchange) && keyAfterExchange.Exchange.Equals(name[..colon], StringComparison.OrdinalIgnoreCase)
            ? keyAfterExchange
            : null;
    }

    /// <summary>Rows whose qualified symbol, broker symbol, key or name contains <paramref name="text"/>, at most <paramref name="limit"/>.</summary>
    public List<MasterInstrument> Search(string text, int limit)
    {
        var found = new List<MasterInstrument>();
        foreach (MasterInstrument instrument in Instruments)
        {
            if (instrument.QualifiedSymbol.Contains(text, StringComparison.OrdinalIgnoreCase)
                || instrument.BrokerSymbol.Contains(text, StringComparison.OrdinalIgnoreCase)
                || instrument.BrokerKey.Contains(text, StringComparison.OrdinalIgnoreCase)
                || instrument.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(instrument);
                if (found.Count >= limit)
                {
                    break;
                }
            }
        }

        return found;
    }

    private void AddSymbol(string key, MasterInstrument instrument)
    {
        // Weekly and monthly contracts of a month share a monthly-style name: the latest expiry (the monthly) keeps it.
        if (_bySymbol.TryGetValue(key, out MasterInstrument? existing)
            && (existing.Expiry is null || instrument.Expiry is null || existing.Expiry >= instrument.Expiry))
        {
            return;
        }

        _bySymbol[key] = instrument;
    }
}
