using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Common;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Signals;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Processing.Books;

/// <summary>
/// Keeps one <see cref="OrderBook"/> per instrument from depth events, computes <see cref="BookMetricsCalculator"/>
/// metrics after every update, runs the <see cref="ImbalanceSignalRule"/>, and publishes samples and signal transitions
/// as <see cref="DerivedEvent"/>s. Pure and deterministic (times come from events); not thread-safe: one consumer thread
/// or one replay loop.
/// </summary>
/// <remarks>
/// <para>Snapshot replaces both sides, BidSnapshot/AskSnapshot one side (levels given for the other side are ignored
/// and counted as inconsistent), Diff sets absolute quantities (0 removes). Levels come inline (≤ 10) or from the
/// <see cref="DepthSlabPool"/> given to the constructor.</para>
/// <para>After each update: crossed books (best bid ≥ best ask) are counted and flagged, inconsistent input is repaired
/// and counted. Signals are not evaluated on crossed or one-sided books.</para>
/// <para>Control: Disconnected/StaleFeed mark the books of that feed session (session 0: the whole feed)
/// <see cref="DerivedFlags.Stale"/> until their next snapshot; BookResync clears the instrument's book.
/// Clock events complete signal entries whose persistence elapsed on a quiet book.</para>
/// <para>Memory: each instrument's book (2 × MaxLevels levels) is allocated when its first depth event arrives, a
/// one-time allocation per new instrument; nothing is allocated per event after that.</para>
/// </remarks>
public sealed partial class BookBuilder
{
    private readonly IDerivedEventSink _sink;
    private readonly DepthSlabPool? _slabs;
    private readonly ImbalanceSignalRule? _rule;
    private readonly int _maxLevels;
    private readonly int[] _depths;
    private readonly int _signalWindow;
    private readonly long _sampleIntervalNs;
    private readonly bool _emitMetrics;
    private readonly bool _emitExits;
    private readonly InstrumentMap _map;
    private readonly RejectCounters _rejects;
    private BookEntry[] _entries;
    private BookMetricsValues _scratch;
    private long _nextSignalDueNs = long.MaxValue;

    private long _updates;
    private long _snapshots;
    private long _diffs;
    private long _crossedUpdates;
    private long _inconsistentUpdates;
    private long _truncatedLevels;
    private long _samplesEmitted;
    private long _signalsEmitted;
    private long _resyncs;

    /// <summary>Creates a book builder.</summary>
    /// <param name="options">Depth, windows, sampling.</param>
    /// <param name="signals">The imbalance signal rule, or null for no signals.</param>
    /// <param name="sink">Receives samples and signals (one sink per thread).</param>
    /// <param name="slabs">Where levels of slab-referencing depth events live; null if the feeds send only inline depth.</param>
    /// <param name="logger">Logs the first rejection of each kind; optional.</param>
    public BookBuilder(BookOptions options, SignalOptions? signals, IDerivedEventSink sink, DepthSlabPool? slabs = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Options = options;
        _sink = sink;
        _slabs = slabs;
        _maxLevels = options.MaxLevels;
        _depths = options.DepthsArray();
        _sampleIntervalNs = options.MetricsSampleInterval.Ticks * 100;
        _emitMetrics = options.EmitMetrics;
        _signalWindow = -1;
        if (signals is not null)
        {
            _rule = new ImbalanceSignalRule(signals);
            _signalWindow = Array.IndexOf(_depths, signals.WindowDepth);
            if (_signalWindow < 0)
            {
                ThrowHelper.ThrowArgument(nameof(signals), $"Signal window depth {signals.WindowDepth} is not one of the book's imbalance depths.");
            }

            _emitExits = signals.EmitExits;
        }

        _map = new InstrumentMap(options.InitialInstrumentCapacity);
        _entries = new BookEntry[options.InitialInstrumentCapacity];
        _rejects = new RejectCounters(nameof(BookBuilder), logger);
    }

    /// <summary>The options in force.</summary>
    public BookOptions Options { get; }

    /// <summary>The signal rule, or null.</summary>
    public ImbalanceSignalRule? SignalRule => _rule;

    /// <summary>Instruments with a book.</summary>
    public int InstrumentCount => _map.Count;

    /// <summary>Depth updates applied.</summary>
    public long Updates => Volatile.Read(ref _updates);

    /// <summary>Snapshots (full or one-side) applied.</summary>
    public long Snapshots => Volatile.Read(ref _snapshots);

    /// <summary>Diffs applied.</summary>
    public long Diffs => Volatile.Read(ref _diffs);

    /// <summary>Updates after which the book was crossed.</summary>
    public long CrossedBooks => Volatile.Read(ref _crossedUpdates);

    /// <summary>Updates with unsorted, duplicate or negative levels (repaired).</summary>
    public long InconsistentUpdates => Volatile.Read(ref _inconsistentUpdates);

    /// <summary>Levels dropped beyond MaxLevels.</summary>
    public long TruncatedLevels => Volatile.Read(ref _truncatedLevels);

    /// <summary>Metrics samples published.</summary>
    public long SamplesEmitted => Volatile.Read(ref _samplesEmitted);

    /// <summary>Signal transitions published.</summary>
    public long SignalsEmitted => Volatile.Read(ref _signalsEmitted);

    /// <summary>Books cleared by BookResync.</summary>
    public long Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>Depth events rejected, all reasons.</summary>
    public long RejectedUpdates => _rejects.Total;

    /// <summary>Depth events rejected for <paramref name="reason"/>.</summary>
    public long Rejections(RejectReason reason) => _rejects.Get(reason);

    /// <summary>The book of <paramref name="instrument"/>, or null (for queries from the owning thread and tests).</summary>
    public OrderBook? GetBook(InstrumentId instrument)
    {
        int index = _map.IndexOf(instrument.Value);
        return index < 0 ? null : _entries[index].Book;
    }

    /// <summary>The signal state of <paramref name="instrument"/> (default when unknown).</summary>
    public SignalState GetSignalState(InstrumentId instrument)
    {
        int index = _map.IndexOf(instrument.Value);
        return index < 0 ? default : _entries[index].Signal;
    }

    /// <summary>Dispatches a ring event: depth, clock and control events; everything else is ignored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(in MarketEvent data)
    {
        switch (data.Header.Kind)
        {
            case EventKind.Depth:
                OnDepth(in data.Header, in data.Depth);
                break;
            case EventKind.Clock:
                OnClock(in data.Header);
                break;
            case EventKind.Control:
                OnControl(in data.Header, in data.Control);
                break;
        }
    }

    /// <summary>Applies a depth event, resolving its levels inline or from the slab pool.</summary>
    public void OnDepth(in EventHeader header, in DepthPayload depth)
    {
        int bidCount = depth.BidCount;
        int askCount = depth.AskCount;
        if (depth.SlabIndex < 0)
        {
            if (bidCount + askCount > InlineDepthLevels.Capacity)
            {
                _rejects.Count(RejectReason.InlineDepthTooLarge, header.Instrument, "inline bid + ask counts exceed 10 levels");
                return;
            }

            ReadOnlySpan<DepthLevel> inline = depth.Levels;
            Apply(in header, depth.UpdateKind, inline[..bidCount], inline.Slice(bidCount, askCount));
            return;
        }

        DepthSlabPool? slabs = _slabs;
        if (slabs is null || depth.SlabIndex >= slabs.SlabCount || bidCount > slabs.LevelsPerSide || askCount > slabs.LevelsPerSide)
        {
            _rejects.Count(RejectReason.SlabUnavailable, header.Instrument, "slab index or counts outside the depth slab pool (or no pool configured)");
            return;
        }

        Apply(in header, depth.UpdateKind, slabs.Bids(depth.SlabIndex, bidCount), slabs.Asks(depth.SlabIndex, askCount));
    }

    /// <summary>Applies an update given as spans (the same path live, replayed, or from a test), then samples and signals.</summary>
    public void Apply(in EventHeader header, DepthUpdateKind kind, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        int index = ResolveInstrument(in header);
        if (index < 0)
        {
            return;
        }

        ref BookEntry entry = ref _entries[index];
        OrderBook book = entry.Book;
        BookUpdateResult result;
        switch (kind)
        {
            case DepthUpdateKind.Snapshot:
                result = book.ApplySnapshot(bids, asks);
                entry.Stale = false;
                _snapshots++;
                break;
            case DepthUpdateKind.BidSnapshot:
                result = book.ReplaceBids(bids);
                result.Inconsistent += asks.Length;
                entry.Stale = false;
                _snapshots++;
                break;
            case DepthUpdateKind.AskSnapshot:
                result = book.ReplaceAsks(asks);
                result.Inconsistent += bids.Length;
                entry.Stale = false;
                _snapshots++;
                break;
            case DepthUpdateKind.Diff:
                result = book.ApplyDiff(bids, asks);
                _diffs++;
                break;
            default:
                _rejects.Count(RejectReason.UnknownUpdateKind, header.Instrument, "unknown depth update kind");
                return;
        }

        _updates++;
        long timeNs = EventTime.Of(in header);
        entry.LastUpdateNs = timeNs;
        DerivedFlags flags = BookMetricsCalculator.Compute(book, entry.PriceDecimals, ref _scratch);
        if (result.Inconsistent != 0)
        {
            _inconsistentUpdates++;
            flags |= DerivedFlags.Inconsistent;
        }

        _truncatedLevels += result.Truncated;
        if ((flags & DerivedFlags.Crossed) != 0)
        {
            _crossedUpdates++;
        }

        if (entry.Stale)
        {
            flags |= DerivedFlags.Stale;
        }

        entry.LastFlags = flags;
        entry.LastSequence = header.Sequence;
        MarkDirty(ref entry);

        if (_emitMetrics && (_sampleIntervalNs == 0 || !entry.HasSample || timeNs - entry.LastSampleNs >= _sampleIntervalNs))
        {
            entry.HasSample = true;
            entry.LastSampleNs = timeNs;
            ref DerivedEvent slot = ref _sink.Claim();
            WriteHeader(ref slot, ref entry, DerivedEventKind.BookMetrics, flags, in header);
            slot.Metrics = _scratch;
            _sink.Publish();
            _samplesEmitted++;
        }

        if (_rule is not null)
        {
            if ((flags & (DerivedFlags.Crossed | DerivedFlags.OneSided)) != 0)
            {
                ImbalanceSignalRule.Suspend(ref entry.Signal);
                return;
            }

            ref ImbalanceWindow window = ref _scratch.Windows[_signalWindow];
            if (_rule.Update(ref entry.Signal, window.Imbalance, timeNs))
            {
                EmitSignal(ref entry, in header);
            }

            long due = _rule.PendingDueNs(in entry.Signal);
            if (due < _nextSignalDueNs)
            {
                _nextSignalDueNs = due;
            }
        }
    }

    /// <summary>Completes signal entries whose persistence elapsed without a new update.</summary>
    public void OnClock(in EventHeader header)
    {
        ImbalanceSignalRule? rule = _rule;
        long nowNs = EventTime.Of(in header);
        if (rule is null || nowNs < _nextSignalDueNs)
        {
            return;
        }

        long nextDue = long.MaxValue;
        int count = _map.Count;
        for (int i = 0; i < count; i++)
        {
            ref BookEntry entry = ref _entries[i];
            if (!entry.Signal.IsPending)
            {
                continue;
            }

            if (rule.Advance(ref entry.Signal, nowNs))
            {
                BookMetricsCalculator.Compute(entry.Book, entry.PriceDecimals, ref _scratch);
                EmitSignal(ref entry, in header);
            }
            else
            {
                nextDue = Math.Min(nextDue, rule.PendingDueNs(in entry.Signal));
            }
        }

        _nextSignalDueNs = nextDue;
    }

    /// <summary>Marks books stale on disconnects and clears a book on resync.</summary>
    public void OnControl(in EventHeader header, in ControlPayload control)
    {
        switch (control.Code)
        {
            case ControlCode.Disconnected:
            case ControlCode.StaleFeed:
                var scope = new FeedGap { Key = FeedGap.KeyOf(header.Feed, header.SessionId) };
                int count = _map.Count;
                for (int i = 0; i < count; i++)
                {
                    ref BookEntry entry = ref _entries[i];
                    if (scope.Covers(entry.Feed, entry.SessionId))
                    {
                        entry.Stale = true;
                    }
                }

                break;
            case ControlCode.BookResync:
                int index = _map.IndexOf(header.Instrument.Value);
                if (index >= 0)
                {
                    ref BookEntry entry = ref _entries[index];
                    entry.Book.Clear();
                    entry.Stale = true;
                    entry.LastFlags = DerivedFlags.Stale;
                    MarkDirty(ref entry);
                    ImbalanceSignalRule.Suspend(ref entry.Signal);
                    _resyncs++;
                }

                break;
        }
    }

    private void EmitSignal(ref BookEntry entry, in EventHeader source)
    {
        if (entry.Signal.Side == SignalSide.Flat && !_emitExits)
        {
            return;
        }

        ref DerivedEvent slot = ref _sink.Claim();
        WriteHeader(ref slot, ref entry, DerivedEventKind.Signal, entry.Stale ? DerivedFlags.Stale : DerivedFlags.None, in source);
        ref SignalValues values = ref slot.Signal;
        ref ImbalanceWindow window = ref _scratch.Windows[_signalWindow];
        values.Side = entry.Signal.Side;
        values.PreviousSide = entry.Signal.PreviousSide;
        values.WindowDepth = window.Depth;
        values.Imbalance = entry.Signal.LastImbalance;
        values.Threshold = _rule!.Options.Threshold;
        values.WindowBidQuantity = window.BidQuantity;
        values.WindowAskQuantity = window.AskQuantity;
        values.BestBid = _scratch.BestBid;
        values.BestAsk = _scratch.BestAsk;
        values.ConditionSinceNs = entry.Signal.TransitionSinceNs;
        _sink.Publish();
        _signalsEmitted++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteHeader(ref DerivedEvent slot, ref BookEntry entry, DerivedEventKind kind, DerivedFlags flags, in EventHeader source)
    {
        slot.Header.Kind = kind;
        slot.Header.Feed = entry.Feed;
        slot.Header.PriceDecimals = entry.PriceDecimals;
        slot.Header.QuantityDecimals = entry.QuantityDecimals;
        slot.Header.Flags = flags;
        slot.Header.SessionId = entry.SessionId;
        slot.Header.Instrument = entry.Instrument;
        slot.Header.SourceSequence = source.Sequence;
        slot.Header.SourceExchangeTimeNs = source.ExchangeTimeNs;
        slot.Header.SourceReceiveTimeNs = source.ReceiveTimeNs;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ResolveInstrument(in EventHeader header)
    {
        int index = _map.IndexOf(header.Instrument.Value);
        if (index < 0)
        {
            index = AddInstrument(in header);
        }

        ref BookEntry entry = ref _entries[index];
        if (entry.PriceDecimals != header.PriceDecimals || entry.QuantityDecimals != header.QuantityDecimals)
        {
            _rejects.Count(RejectReason.DecimalsChanged, header.Instrument, "price or quantity decimals differ from the instrument's first event");
            return -1;
        }

        entry.SessionId = header.SessionId;
        return index;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AddInstrument(in EventHeader header)
    {
        int index = _map.Add(header.Instrument.Value);
        if (index == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        ref BookEntry entry = ref _entries[index];
        entry.Book = new OrderBook(_maxLevels, _depths);
        entry.Instrument = header.Instrument;
        entry.Feed = header.Feed;
        entry.SessionId = header.SessionId;
        entry.PriceDecimals = header.PriceDecimals;
        entry.QuantityDecimals = header.QuantityDecimals;
        entry.Index = index;
        entry.Snapshot = _board?.Register(header.Instrument);
        return index;
    }
}
