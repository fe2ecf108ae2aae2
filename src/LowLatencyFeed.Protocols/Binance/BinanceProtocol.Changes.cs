using System.Diagnostics.CodeAnalysis;
using System.Text;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Subscription changes on a live connection (Binance/README.md §16): UNSUBSCRIBE the streams the new list drops,
/// SUBSCRIBE the ones it adds, and rebuild the decoder's symbol table, instruments and books between two messages.
/// Cold path.
/// </summary>
public sealed partial class BinanceProtocol : ISubscriptionChangeProtocol
{
    // Tables built off the decode thread (a connect whose list the decoder does not know yet); adopted by the decode thread.
    private BinanceDecoderTables? _pendingTables;
    private BinanceDecoderTables _tables;
    private long _diffsAfterUnsubscribe;

    /// <summary>Most removed symbols kept known for their data in flight (a few hundred bytes each, no book).</summary>
    public const int MaxRetiredSymbols = 1024;

    /// <summary>Diff-depth messages that arrived for a symbol after its diff stream was unsubscribed (dropped, not errors).</summary>
    public long DiffsAfterUnsubscribe => Volatile.Read(ref _diffsAfterUnsubscribe);

    /// <summary>The symbols the decoder knows now (subscribed ones, then removed ones whose data may still be in flight).</summary>
    public int KnownSymbols => Volatile.Read(ref _tables).Symbols.Count;

    /// <summary>
    /// <c>UNSUBSCRIBE</c> with the streams <paramref name="before"/> has and <paramref name="after"/> lacks, then
    /// <c>SUBSCRIBE</c> with the new ones (at most <see cref="BinanceProtocolOptions.MaxStreamsPerRequest"/> each, ids
    /// continuing the connect's). A mode change is the difference of the two modes' streams (Quote → Full adds the diff
    /// depth stream and a new synchronized book, which asks for its snapshot at its first diff). Books of unchanged
    /// symbols keep their state. Removed symbols stay known (the latest <see cref="MaxRetiredSymbols"/>), so trades and
    /// quotes still in flight are published; their diffs are dropped (<see cref="DiffsAfterUnsubscribe"/>). Decode
    /// thread only.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="after"/> names a symbol twice, a symbol that is not ASCII, or
    /// more than <see cref="BinanceStreamLimits.MaxStreamsPerConnection"/> streams; nothing changes then.</exception>
    public IReadOnlyList<OutgoingMessage> BuildChangeMessages(IReadOnlyList<Subscription> before, IReadOnlyList<Subscription> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        AdoptPendingTables();
        var beforeStreams = new List<string>();
        foreach (Subscription subscription in before)
        {
            AppendStreamNames(subscription, _options, beforeStreams);
        }

        var afterStreams = new List<string>();
        foreach (Subscription subscription in after)
        {
            AppendStreamNames(subscription, _options, afterStreams);
        }

        if (afterStreams.Count > BinanceStreamLimits.MaxStreamsPerConnection)
        {
            ThrowHelper.ThrowArgument(
                nameof(after),
                "{0} streams exceed Binance's {1} per connection; split the subscriptions over several connections.", afterStreams.Count, BinanceStreamLimits.MaxStreamsPerConnection);
        }

        // Built in full before anything is replaced, so a refusal leaves the decoder as it was.
        BinanceDecoderTables tables = BuildTables(after, Retiring(SubscriptionDiff.Compute(before, after).Removed), _instruments);
        var kept = new HashSet<string>(afterStreams, StringComparer.Ordinal);
        var had = new HashSet<string>(beforeStreams, StringComparer.Ordinal);
        var leaving = beforeStreams.FindAll(stream => !kept.Contains(stream));
        var joining = afterStreams.FindAll(stream => !had.Contains(stream));
        Install(tables);

        var messages = new List<OutgoingMessage>();
        AddRequests("UNSUBSCRIBE", leaving, messages);
        AddRequests("SUBSCRIBE", joining, messages);
        return messages;
    }

    /// <summary>
    /// The symbols to keep known for data in flight: the ones <paramref name="removed"/> now first, then those retired
    /// earlier, newest first, at most <see cref="MaxRetiredSymbols"/>.
    /// </summary>
    private List<Subscription> Retiring(IReadOnlyList<Subscription> removed)
    {
        var retired = new List<Subscription>(removed);
        for (int i = _instruments.Length - 1; i >= 0 && retired.Count < MaxRetiredSymbols; i--)
        {
            if (_instruments[i].Retired)
            {
                retired.Add(_instruments[i].Subscription);
            }
        }

        return retired.Count > MaxRetiredSymbols ? retired.GetRange(0, MaxRetiredSymbols) : retired;
    }

    /// <summary>
    /// Decoder tables for <paramref name="subscriptions"/> plus <paramref name="retired"/> (removed symbols whose data
    /// may still be in flight; a retired symbol that is subscribed again is not listed twice). An instrument of
    /// <paramref name="current"/> subscribed exactly as before is reused with its book's state.
    /// </summary>
    private BinanceDecoderTables BuildTables(IReadOnlyList<Subscription> subscriptions, IReadOnlyList<Subscription> retired, BinanceInstrument[]? current)
    {
        var entries = new List<BinanceInstrument>(subscriptions.Count + retired.Count);
        var symbols = new List<string>(subscriptions.Count + retired.Count);
        var books = new List<BinanceInstrument>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Subscription subscription in subscriptions)
        {
            taken.Add(subscription.Symbol);
            BinanceInstrument? previous = Find(current, subscription.Instrument);
            BinanceInstrument instrument;
            if (previous is not null && !previous.LeftDiffStream && previous.Subscription == subscription)
            {
                instrument = previous;
            }
            else
            {
                instrument = CreateInstrument(subscription, leftDiffStream: previous?.Book is not null);
            }

            entries.Add(instrument);
            symbols.Add(subscription.Symbol);
            if (instrument.Book is not null)
            {
                books.Add(instrument);
            }
        }

        foreach (Subscription subscription in retired)
        {
            // A symbol subscribed again (even under another instrument) is no longer retired; the newest retirement wins.
            if (taken.Add(subscription.Symbol))
            {
                BinanceInstrument? previous = Find(current, subscription.Instrument);
                entries.Add(CreateInstrument(subscription, leftDiffStream: previous is null || previous.Book is not null || previous.LeftDiffStream, retired: true));
                symbols.Add(subscription.Symbol);
            }
        }

        // Throws on an empty, non-ASCII or repeated symbol before anything is replaced.
        var table = new BinanceSymbolTable(symbols);
        return new BinanceDecoderTables(table, [.. entries], [.. books]);
    }

    private static BinanceInstrument? Find(BinanceInstrument[]? instruments, Core.Instruments.InstrumentId instrument)
    {
        if (instruments is null)
        {
            return null;
        }

        foreach (BinanceInstrument entry in instruments)
        {
            if (entry.Template.Instrument == instrument)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Decode thread (or the constructor): the tables in use from now on.</summary>
    [MemberNotNull(nameof(_symbols), nameof(_instruments), nameof(_books), nameof(_tables))]
    private void Install(BinanceDecoderTables tables)
    {
        _symbols = tables.Symbols;
        _instruments = tables.Instruments;
        _books = tables.Books;
        Volatile.Write(ref _tables, tables);
    }

    /// <summary>Decode thread: takes tables a connect built for a list the decoder did not know.</summary>
    private void AdoptPendingTables()
    {
        if (Interlocked.Exchange(ref _pendingTables, null) is { } pending)
        {
            Install(pending);
        }
    }

    /// <summary>
    /// Connect (any thread): when <paramref name="subscriptions"/> is not what the decoder knows (a change was made
    /// while no connection was open), builds its tables for the decode thread to adopt with the book reset the connect
    /// asks for anyway.
    /// </summary>
    private void PrepareTablesFor(IReadOnlyList<Subscription> subscriptions)
    {
        BinanceDecoderTables tables = Volatile.Read(ref _tables);
        bool known = true;
        foreach (Subscription subscription in subscriptions)
        {
            int index = tables.Symbols.Find(Encoding.ASCII.GetBytes(subscription.Symbol));
            if (index < 0 || tables.Instruments[index].Subscription != subscription || tables.Instruments[index].LeftDiffStream)
            {
                known = false;
                break;
            }
        }

        if (!known)
        {
            Volatile.Write(ref _pendingTables, BuildTables(subscriptions, [], tables.Instruments));
        }
    }

    private void AddRequests(string method, List<string> streams, List<OutgoingMessage> messages)
    {
        for (int first = 0; first < streams.Count; first += _options.MaxStreamsPerRequest)
        {
            int count = Math.Min(_options.MaxStreamsPerRequest, streams.Count - first);
            long id = Interlocked.Increment(ref _nextRequestId);
            messages.Add(new OutgoingMessage(BuildRequest(method, streams, first, count, id), MessageKind.Text));
        }
    }

    private sealed record BinanceDecoderTables(BinanceSymbolTable Symbols, BinanceInstrument[] Instruments, BinanceInstrument[] Books);
}
