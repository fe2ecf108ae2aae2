using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Research.Tests.Support;

/// <summary>
/// A journal of 1-minute bars with a planted pattern: near the end of each minute a depth snapshot leans to the bid
/// (+), the ask (−) or neither, and the next minute's price moves 20 ticks that way (plus ±2-tick noise per trade).
/// Shuffled, the snapshot's lean is drawn independently of the next move: the same market with the pattern broken.
/// </summary>
internal static class SyntheticMarket
{
    public static readonly InstrumentId Instrument = InstrumentId.From(FeedKind.Binance, 42);

    public static long Start => HandJournal.Utc(2025, 3, 3, 0, 0, 0);

    /// <param name="directory">The journal directory.</param>
    /// <param name="minutes">One-minute bars to write.</param>
    /// <param name="shuffled">Break the pattern (the lean drawn independently of the next move).</param>
    /// <param name="seed">Prices and leans.</param>
    /// <param name="startNs">The first minute (Unix ns, a whole minute); default <see cref="Start"/>.</param>
    public static void Write(string directory, int minutes, bool shuffled, int seed = 11, long? startNs = null)
    {
        long start = startNs ?? Start;
        var random = new Random(seed);
        var shuffle = new Random(seed + 1000);
        using var journal = new HandJournal(directory);
        long price = 100_00;
        int lean = 0;
        for (int m = 0; m < minutes; m++)
        {
            long minute = start + (m * 60_000_000_000L);
            long target = price + (lean * 20);
            long[] seconds = [1, 15, 30, 45];
            for (int k = 0; k < seconds.Length; k++)
            {
                long step = price + ((target - price) * (k + 1) / seconds.Length) + random.Next(-2, 3);
                journal.Trade(Instrument, minute + (seconds[k] * 1_000_000_000L), step, random.Next(1, 10));
            }

            price = target;
            int next = random.Next(3) - 1;
            int shown = shuffled ? shuffle.Next(3) - 1 : next;
            long bidQuantity = shown > 0 ? 40 : 10;
            long askQuantity = shown < 0 ? 40 : 10;
            journal.Depth(Instrument, minute + 50_000_000_000L, [new(price - 1, bidQuantity, 1), new(price - 2, 10, 1)], [new(price + 1, askQuantity, 1), new(price + 2, 10, 1)]);
            lean = next;
        }
    }
}
