using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Processing.Books;

/// <summary>Bids: higher is better.</summary>
internal readonly struct BidOrder : IPriceOrder
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBetter(long price, long other) => price > other;
}
