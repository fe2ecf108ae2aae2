using LowLatencyFeed.Protocols.Binance;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.Simulator.Feeds;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>
/// Answers the Binance parser's snapshot requests at once, inside the request, with the simulated book of the symbol as
/// it was at its first request (the live fetcher answers later, from another thread, over HTTP). Replayed and mutated
/// diffs then sync against it or fail to, so the book synchronizer's every state is reached. Allocates only on a
/// symbol's first request.
/// </summary>
internal sealed class FuzzSnapshotRequester(DetachedSimulatedConnection connection) : IBinanceSnapshotRequester
{
    private readonly Dictionary<string, BinanceSimulatedBook> _books = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void RequestSnapshot(BinanceSnapshotHandoff handoff)
    {
        if (!_books.TryGetValue(handoff.Symbol, out BinanceSimulatedBook? book))
        {
            book = ((BinanceSimulatedFeed)connection.Feed).Market.GetBook(handoff.Symbol);
            _books.Add(handoff.Symbol, book);
        }

        BinanceDepthSnapshot snapshot = handoff.Snapshot;
        snapshot.Clear();
        snapshot.LastUpdateId = book.LastUpdateId;
        snapshot.BidCount = Copy(book.Bids, snapshot.BidBuffer);
        snapshot.AskCount = Copy(book.Asks, snapshot.AskBuffer);
        handoff.Complete();
    }

    private static int Copy(ReadOnlySpan<Core.Events.DepthLevel> levels, Span<Core.Events.DepthLevel> destination)
    {
        int count = Math.Min(levels.Length, destination.Length);
        levels[..count].CopyTo(destination);
        return count;
    }
}
