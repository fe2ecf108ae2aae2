using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Simulator.Feeds;

/// <summary>
/// The book of one symbol inside <see cref="BinanceSimulatedMarket"/>, with the diffs that built it (a bounded
/// history, so every connection can be sent the same diffs). Guarded by the market's lock.
/// </summary>
internal sealed class BinanceSimulatedSymbolBook
{
    private static readonly Comparer<long> s_descending = Comparer<long>.Create(static (a, b) => b.CompareTo(a));

    private readonly BinanceSimulatedDiff[] _history;
    private readonly Dictionary<long, long> _bidChanges = [];
    private readonly Dictionary<long, long> _askChanges = [];
    private readonly BinanceSimulatedFeedOptions _options;
    private DeterministicRandom _random;

    public BinanceSimulatedSymbolBook(SimulatedInstrument instrument, BinanceSimulatedFeedOptions options, ulong seed)
    {
        Instrument = instrument;
        _options = options;
        _history = new BinanceSimulatedDiff[options.HistoryDiffs];
        _random = new DeterministicRandom(seed);
        LastUpdateId = options.FirstUpdateId - 1;
        for (int level = 1; level <= options.LevelsPerSide; level++)
        {
            long offset = level * instrument.TickSize;
            if (instrument.StartPrice - offset > 0)
            {
                Bids[instrument.StartPrice - offset] = RandomQuantity();
            }

            Asks[instrument.StartPrice + offset] = RandomQuantity();
        }
    }

    public SimulatedInstrument Instrument { get; }

    /// <summary>Bids by price, highest first.</summary>
    public SortedDictionary<long, long> Bids { get; } = new(s_descending);

    /// <summary>Asks by price, lowest first.</summary>
    public SortedDictionary<long, long> Asks { get; } = new();

    public long LastUpdateId { get; private set; }

    /// <summary>Diffs generated so far (the index of the next one).</summary>
    public long DiffCount { get; private set; }

    /// <summary>Oldest diff index still in the history.</summary>
    public long OldestDiff => Math.Max(0, DiffCount - _history.Length);

    public BinanceSimulatedDiff DiffAt(long index) => _history[index % _history.Length];

    /// <summary>
    /// Generates the next diff around <paramref name="anchorPrice"/> (the simulated last price): levels that would
    /// cross it are removed, then a few random levels within the book's reach change or disappear.
    /// </summary>
    public BinanceSimulatedDiff Advance(long anchorPrice, long timeNs)
    {
        _bidChanges.Clear();
        _askChanges.Clear();
        long tick = Instrument.TickSize;
        foreach ((long price, _) in Bids)
        {
            if (price < anchorPrice)
            {
                break;
            }

            _bidChanges[price] = 0;
        }

        foreach ((long price, _) in Asks)
        {
            if (price > anchorPrice)
            {
                break;
            }

            _askChanges[price] = 0;
        }

        int changes = 1 + _random.Next(_options.MaxChangesPerDiff);
        int reach = _options.LevelsPerSide + 3;
        for (int i = 0; i < changes; i++)
        {
            bool bid = _random.Next(2) == 0;
            long price = bid ? anchorPrice - ((1 + _random.Next(reach)) * tick) : anchorPrice + ((1 + _random.Next(reach)) * tick);
            if (price <= 0)
            {
                continue;
            }

            SortedDictionary<long, long> side = bid ? Bids : Asks;

            // Removing an absent level happens on the real feed too; clients must accept it.
            long quantity = side.ContainsKey(price) && _random.Next(4) == 0 ? 0 : RandomQuantity();
            (bid ? _bidChanges : _askChanges)[price] = quantity;
        }

        // Keep the book near its configured depth: drop the farthest levels beyond twice of it.
        Trim(Bids, _bidChanges);
        Trim(Asks, _askChanges);

        DepthLevel[] bids = Apply(Bids, _bidChanges, descending: true);
        DepthLevel[] asks = Apply(Asks, _askChanges, descending: false);
        long first = LastUpdateId + 1;
        long final = LastUpdateId + Math.Max(1, bids.Length + asks.Length);
        LastUpdateId = final;
        var diff = new BinanceSimulatedDiff(first, final, timeNs, bids, asks);
        _history[DiffCount % _history.Length] = diff;
        DiffCount++;
        return diff;
    }

    private void Trim(SortedDictionary<long, long> side, Dictionary<long, long> changes)
    {
        int excess = side.Count - (2 * _options.LevelsPerSide);
        if (excess <= 0)
        {
            return;
        }

        foreach (long price in side.Keys.Reverse().Take(excess))
        {
            changes.TryAdd(price, 0);
        }
    }

    private static DepthLevel[] Apply(SortedDictionary<long, long> side, Dictionary<long, long> changes, bool descending)
    {
        var levels = new DepthLevel[changes.Count];
        int i = 0;
        foreach ((long price, long quantity) in changes)
        {
            if (quantity == 0)
            {
                side.Remove(price);
            }
            else
            {
                side[price] = quantity;
            }

            levels[i++] = new DepthLevel(price, quantity, 0);
        }

        Array.Sort(levels, descending ? static (a, b) => b.Price.CompareTo(a.Price) : static (a, b) => a.Price.CompareTo(b.Price));
        return levels;
    }

    private long RandomQuantity() => (1 + _random.Next(50)) * Instrument.LotSize;
}
