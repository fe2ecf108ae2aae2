namespace LowLatencyFeed.Processing.Books;

/// <summary>What an order book update found wrong with its input (nothing in the common case).</summary>
public struct BookUpdateResult
{
    /// <summary>Levels that were out of order, duplicated, or had a negative quantity (repaired: sorted in, last wins, or skipped).</summary>
    public int Inconsistent;

    /// <summary>Levels beyond <see cref="OrderBook.MaxLevels"/> that were dropped (from the update, or pushed out of the book).</summary>
    public int Truncated;

    /// <summary>Whether the input was well-formed.</summary>
    public readonly bool IsConsistent => Inconsistent == 0;
}
