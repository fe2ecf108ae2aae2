using System.Buffers;
using System.Text.Json;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// The simulated Binance order books, one per symbol, shared by every connection of a server (as the exchange's book
/// is) and served by the REST snapshot route. A connection advances a book when it is the first to need the next
/// diff and replays the history otherwise, so all connections see the same update ids. Thread-safe (one lock; this
/// is the simulator, not the engine).
/// </summary>
public sealed class BinanceSimulatedMarket
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BinanceSimulatedSymbolBook> _books = new(StringComparer.OrdinalIgnoreCase);
    private readonly BinanceSimulatedFeedOptions _options;
    private long _snapshotRequests;

    /// <summary>Creates an empty market; books appear as connections register their instruments.</summary>
    public BinanceSimulatedMarket(BinanceSimulatedFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>REST snapshots served.</summary>
    public long SnapshotRequests => Volatile.Read(ref _snapshotRequests);

    /// <summary>A copy of the current book of <paramref name="symbol"/> (any case).</summary>
    /// <exception cref="KeyNotFoundException">No such simulated symbol.</exception>
    public BinanceSimulatedBook GetBook(string symbol)
    {
        lock (_lock)
        {
            BinanceSimulatedSymbolBook book = _books[symbol];
            return new BinanceSimulatedBook(
                book.LastUpdateId,
                [.. book.Bids.Select(static l => new DepthLevel(l.Key, l.Value, 0))],
                [.. book.Asks.Select(static l => new DepthLevel(l.Key, l.Value, 0))]);
        }
    }

    /// <summary>Creates the books of <paramref name="instruments"/> that have a symbol and no book yet.</summary>
    internal void Register(IReadOnlyList<SimulatedInstrument> instruments)
    {
        lock (_lock)
        {
            foreach (SimulatedInstrument instrument in instruments)
            {
                if (instrument.Feed == FeedKind.Binance && instrument.Symbol.Length > 0 && !_books.ContainsKey(instrument.Symbol))
                {
                    ulong seed = (ulong)_options.Seed ^ (ulong)instrument.Token * 0x9E3779B97F4A7C15UL;
                    _books.Add(instrument.Symbol, new BinanceSimulatedSymbolBook(instrument, _options, seed));
                }
            }
        }
    }

    /// <summary>Where a new subscriber of <paramref name="symbol"/> starts: the next diff to be generated.</summary>
    internal long Cursor(string symbol)
    {
        lock (_lock)
        {
            return _books[symbol].DiffCount;
        }
    }

    /// <summary>
    /// The diff at <paramref name="cursor"/> for a connection (generated now when it is the newest), and advances the
    /// cursor. A connection that fell out of the history skips to its oldest diff (it will see a gap).
    /// </summary>
    internal BinanceSimulatedDiff NextDiff(string symbol, ref long cursor, long anchorPrice, long timeNs)
    {
        lock (_lock)
        {
            BinanceSimulatedSymbolBook book = _books[symbol];
            cursor = Math.Max(cursor, book.OldestDiff);
            BinanceSimulatedDiff diff = cursor == book.DiffCount ? book.Advance(anchorPrice, timeNs) : book.DiffAt(cursor);
            cursor++;
            return diff;
        }
    }

    /// <summary>Best bid and ask of <paramref name="symbol"/> with the book's update id.</summary>
    internal (long UpdateId, DepthLevel Bid, DepthLevel Ask) Top(string symbol)
    {
        lock (_lock)
        {
            BinanceSimulatedSymbolBook book = _books[symbol];
            DepthLevel bid = default;
            DepthLevel ask = default;
            foreach ((long price, long quantity) in book.Bids)
            {
                bid = new DepthLevel(price, quantity, 0);
                break;
            }

            foreach ((long price, long quantity) in book.Asks)
            {
                ask = new DepthLevel(price, quantity, 0);
                break;
            }

            return (book.LastUpdateId, bid, ask);
        }
    }

    /// <summary>The best <paramref name="levels"/> levels of each side of <paramref name="symbol"/> with the book's update id.</summary>
    internal (long UpdateId, DepthLevel[] Bids, DepthLevel[] Asks) TopLevels(string symbol, int levels)
    {
        lock (_lock)
        {
            BinanceSimulatedSymbolBook book = _books[symbol];
            return (
                book.LastUpdateId,
                [.. book.Bids.Take(levels).Select(static l => new DepthLevel(l.Key, l.Value, 0))],
                [.. book.Asks.Take(levels).Select(static l => new DepthLevel(l.Key, l.Value, 0))]);
        }
    }

    /// <summary>
    /// Writes the REST snapshot <c>{"lastUpdateId":…,"bids":[…],"asks":[…]}</c> of at most <paramref name="limit"/> levels
    /// per side. False when the symbol is unknown.
    /// </summary>
    internal bool TryWriteDepth(string symbol, int limit, Utf8JsonWriter json)
    {
        lock (_lock)
        {
            if (!_books.TryGetValue(symbol, out BinanceSimulatedSymbolBook? book))
            {
                return false;
            }

            _snapshotRequests++;
            json.WriteStartObject();
            json.WriteNumber("lastUpdateId"u8, book.LastUpdateId);
            WriteSide(json, "bids"u8, book.Bids, limit, book.Instrument);
            WriteSide(json, "asks"u8, book.Asks, limit, book.Instrument);
            json.WriteEndObject();
            return true;
        }
    }

    private static void WriteSide(Utf8JsonWriter json, ReadOnlySpan<byte> name, SortedDictionary<long, long> side, int limit, SimulatedInstrument instrument)
    {
        json.WriteStartArray(name);
        int written = 0;
        foreach ((long price, long quantity) in side)
        {
            if (written++ == limit)
            {
                break;
            }

            BinanceSimulatedJson.WriteLevel(json, price, quantity, instrument);
        }

        json.WriteEndArray();
    }
}
