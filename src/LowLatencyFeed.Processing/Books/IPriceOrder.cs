namespace LowLatencyFeed.Processing.Books;

/// <summary>Which price is better on a side; a static abstract member so <see cref="BookSide{TOrder}"/> specializes per side with no call.</summary>
internal interface IPriceOrder
{
    /// <summary>Whether <paramref name="price"/> ranks before <paramref name="other"/> (best first).</summary>
    static abstract bool IsBetter(long price, long other);
}
