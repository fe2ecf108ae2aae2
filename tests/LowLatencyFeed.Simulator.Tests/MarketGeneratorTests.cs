using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Simulator.Tests;

/// <summary>The generator's random walk: reproducible, in whole ticks and lots, with consistent day statistics.</summary>
public sealed class MarketGeneratorTests
{
    private const long StartNs = 1_704_167_100_000_000_000L;
    private const long StepNs = 1_000_000L;

    private static readonly SimulatedInstrument s_stock = new(Token: 408_065, StartPrice: 150_000, TickSize: 5, LotSize: 1);
    private static readonly SimulatedInstrument s_future = new(Token: 13_368_834, StartPrice: 2_245_000, TickSize: 10, LotSize: 50, StartOpenInterest: 10_000);
    private static readonly SimulatedInstrument s_index = new(Token: 256_265, StartPrice: 2_150_000, IsIndex: true);

    [Fact]
    public void The_same_seed_gives_the_same_updates_bit_for_bit_and_another_seed_does_not()
    {
        long[] first = Prices(seed: 7);
        Assert.Equal(first, Prices(seed: 7));
        Assert.NotEqual(first, Prices(seed: 8));
    }

    [Fact]
    public void Prices_move_in_whole_ticks_at_most_four_per_update_and_day_statistics_follow()
    {
        var generator = new MarketGenerator([s_stock, s_future], seed: 3, StartNs, StepNs);
        var update = default(SimulatedUpdate);
        long[] previous = [s_stock.StartPrice, s_future.StartPrice];
        long[] volume = new long[2];
        Int128[] turnover = new Int128[2];
        for (int n = 0; n < 5_000; n++)
        {
            int index = n % 2;
            SimulatedInstrument instrument = generator.Instruments[index];
            generator.Next(index, SubscriptionMode.Full, ref update);
            ref TickPayload tick = ref update.Tick.Tick;

            long move = tick.LastPrice - previous[index];
            Assert.Equal(0, move % instrument.TickSize);
            Assert.InRange(move / instrument.TickSize, -4, 4);
            Assert.InRange(tick.LastPrice, tick.Low, tick.High);
            Assert.Equal((instrument.StartPrice, instrument.StartPrice), (tick.Open, tick.Close));
            Assert.Equal(instrument.StartOpenInterest > 0, tick.OpenInterest > 0);
            previous[index] = tick.LastPrice;

            // Trades are whole lots; volume and VWAP are recomputed here from the trades seen.
            Assert.Equal(0, tick.LastQuantity % instrument.LotSize);
            Assert.InRange(tick.LastQuantity, instrument.LotSize, 500 * instrument.LotSize);
            volume[index] += tick.LastQuantity;
            turnover[index] += (Int128)tick.LastPrice * tick.LastQuantity;
            Assert.Equal(volume[index], tick.CumulativeVolume);
            Assert.Equal((long)(turnover[index] / volume[index]), tick.AveragePrice);

            Assert.Equal(StartNs + (n * StepNs), update.Tick.Header.ExchangeTimeNs);
            Assert.Equal(InstrumentId.From(FeedKind.Kite, instrument.Token), update.Tick.Header.Instrument);
            Assert.Equal(SubscriptionMode.Full, update.Mode);
        }

        Assert.Equal(5_000, generator.Count);
    }

    [Fact]
    public void The_book_is_five_levels_a_side_one_tick_apart_around_the_last_price()
    {
        var generator = new MarketGenerator([s_future], seed: 11, StartNs, StepNs);
        var update = default(SimulatedUpdate);
        generator.Next(0, SubscriptionMode.Full, ref update);

        long last = update.Tick.Tick.LastPrice;
        ref DepthPayload book = ref update.Depth.Depth;
        Assert.Equal(EventKind.Depth, update.Depth.Header.Kind);
        Assert.Equal(DepthUpdateKind.Snapshot, book.UpdateKind);
        Assert.Equal(5, book.BidCount);
        Assert.Equal(5, book.AskCount);
        Assert.Equal(-1, book.SlabIndex);
        for (int level = 0; level < 5; level++)
        {
            Assert.Equal(last - ((level + 1) * 10), book.Levels[level].Price);
            Assert.Equal(last + ((level + 1) * 10), book.Levels[5 + level].Price);
            Assert.Equal(0, book.Levels[level].Quantity % 50);
            Assert.InRange(book.Levels[level].Orders, 1, 20);
        }
    }

    [Fact]
    public void An_index_has_a_value_but_no_trades_volume_or_book()
    {
        var generator = new MarketGenerator([s_index], seed: 1, StartNs, StepNs);
        var update = default(SimulatedUpdate);
        generator.Next(0, SubscriptionMode.Full, ref update);

        Assert.Equal(EventFlags.Index, update.Tick.Header.Flags);
        Assert.Equal(0, update.Tick.Tick.LastQuantity);
        Assert.Equal(0, update.Tick.Tick.CumulativeVolume);
        Assert.Equal(update.Tick.Tick.LastPrice - s_index.StartPrice, update.Tick.Tick.NetChange);
        Assert.Equal(EventKind.None, update.Depth.Header.Kind);
    }

    [Fact]
    public void Prices_never_walk_below_the_depth_of_the_book()
    {
        // Starting one tick above the floor (6 ticks: the book needs 5 below the price), the walk must bounce there.
        var low = new SimulatedInstrument(Token: 1, StartPrice: 35, TickSize: 5);
        var generator = new MarketGenerator([low], seed: 5, StartNs, StepNs);
        var update = default(SimulatedUpdate);
        for (int n = 0; n < 2_000; n++)
        {
            generator.Next(0, SubscriptionMode.Full, ref update);
            Assert.True(update.Tick.Tick.LastPrice >= 30, $"price {update.Tick.Tick.LastPrice} below the floor of 30");
            Assert.True(update.Depth.Depth.Levels[4].Price > 0);
        }
    }

    [Theory]
    [InlineData(0L, 5L, 1L)]
    [InlineData(100L, 0L, 1L)]
    [InlineData(100L, 5L, 0L)]
    public void Instruments_need_a_positive_price_tick_and_lot(long startPrice, long tickSize, long lotSize)
    {
        var bad = new SimulatedInstrument(Token: 99, StartPrice: startPrice, TickSize: tickSize, LotSize: lotSize);
        var error = Assert.Throws<ArgumentException>(() => new MarketGenerator([bad], seed: 1, StartNs, StepNs));
        Assert.Contains("99", error.Message);
    }

    private static long[] Prices(long seed)
    {
        var generator = new MarketGenerator([s_stock, s_future], seed, StartNs, StepNs);
        var update = default(SimulatedUpdate);
        var prices = new long[200];
        for (int n = 0; n < prices.Length; n++)
        {
            generator.Next(generator.Pick(2), SubscriptionMode.Quote, ref update);
            prices[n] = update.Tick.Tick.LastPrice ^ (update.Depth.Depth.Levels[0].Quantity << 32);
        }

        return prices;
    }
}
