using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Bars;

/// <summary>
/// The session each instrument's bars anchor to, decided by the instrument's exchange segment rather than its feed
/// (Processing/README.md, "Sessions by exchange segment"): one Kite connection can carry an NSE share (bars from 09:15 IST) and an MCX future (bars
/// from 09:00 IST). Built from the instrument masters (instrument → exchange); keeps only the instruments whose session
/// differs from their feed's default (<see cref="TradingSession.ForInstrument"/>), so a 100,000-row master costs a few
/// thousand entries. <see cref="Resolve"/> is the aggregator's <see cref="BarOptions.SessionResolver"/>: asked once per
/// new instrument, never per event. Immutable after construction, so any thread may ask.
/// </summary>
public sealed class ExchangeSessionMap
{
    private readonly Dictionary<InstrumentId, TradingSession> _sessions = [];

    /// <summary>Maps each instrument to the session of its exchange; exchanges the sessions do not know are skipped.</summary>
    public ExchangeSessionMap(IEnumerable<KeyValuePair<InstrumentId, string>> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var seen = new Dictionary<InstrumentId, TradingSession?>();
        foreach ((InstrumentId instrument, string exchange) in exchanges)
        {
            TradingSession? session = TradingSession.ForExchange(exchange);
            if (session is null)
            {
                continue;
            }

            // A token two rows of different sessions share (a broker numbering segments apart) is ambiguous: the feed's
            // default stays rather than a guess.
            if (seen.TryGetValue(instrument, out TradingSession? earlier))
            {
                if (earlier is not null && earlier != session)
                {
                    seen[instrument] = null;
                    Ambiguous++;
                }

                continue;
            }

            seen[instrument] = session;
        }

        foreach ((InstrumentId instrument, TradingSession? session) in seen)
        {
            if (session is not null && session != TradingSession.ForInstrument(instrument))
            {
                _sessions[instrument] = session;
            }
        }
    }

    /// <summary>Tokens listed under exchanges of different sessions; they keep their feed's default.</summary>
    public int Ambiguous { get; }

    /// <summary>Instruments whose session differs from their feed's default.</summary>
    public int Count => _sessions.Count;

    /// <summary>The session of <paramref name="instrument"/>: its exchange's, else its feed's default.</summary>
    public TradingSession Resolve(InstrumentId instrument) =>
        _sessions.TryGetValue(instrument, out TradingSession? session) ? session : TradingSession.ForInstrument(instrument);
}
