using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Processing.Books;

/// <summary>Asks: lower is better.</summary>
internal readonly struct AskOrder : IPriceOrder
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBetter(long price, long other) => price < other;
}
