using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Core.Tests.Instruments;

/// <summary>The instrument id packs the feed into the top 8 bits and the broker token into the low 56.</summary>
public sealed class InstrumentIdTests
{
    [Fact]
    public void Value_is_the_feed_shifted_into_the_top_byte_plus_the_token()
    {
        // Dhan = 2: 2 << 56 = 144115188075855872, plus token 1333.
        var id = InstrumentId.From(FeedKind.Dhan, 1333);
        Assert.Equal(144_115_188_075_857_205L, id.Value);
        Assert.Equal(FeedKind.Dhan, id.Feed);
        Assert.Equal(1333L, id.Token);
    }

    [Fact]
    public void Parts_are_read_back_from_a_stored_value()
    {
        // Kite = 1: 1 << 56 = 72057594037927936, plus instrument_token 408065 (as stored in a journal or a row).
        var id = new InstrumentId(72_057_594_038_336_001L);
        Assert.Equal(FeedKind.Kite, id.Feed);
        Assert.Equal(408_065L, id.Token);
        Assert.Equal(InstrumentId.From(FeedKind.Kite, 408_065), id);
    }

    [Fact]
    public void Token_is_masked_to_56_bits_so_it_never_changes_the_feed()
    {
        var id = InstrumentId.From(FeedKind.Kite, (1L << 56) + 5);
        Assert.Equal(FeedKind.Kite, id.Feed);
        Assert.Equal(5L, id.Token);

        var largest = InstrumentId.From(FeedKind.Kotak, 0x00FF_FFFF_FFFF_FFFFL);
        Assert.Equal(FeedKind.Kotak, largest.Feed);
        Assert.Equal(72_057_594_037_927_935L, largest.Token);
    }

    [Fact]
    public void The_same_token_on_different_feeds_is_a_different_instrument()
    {
        Assert.NotEqual(InstrumentId.From(FeedKind.Kite, 1333), InstrumentId.From(FeedKind.Dhan, 1333));
        Assert.Equal(InstrumentId.From(FeedKind.Binance, 1), InstrumentId.From(FeedKind.Binance, 1));
    }

    [Fact]
    public void Text_form_is_feed_colon_token() =>
        Assert.Equal("Binance:42", InstrumentId.From(FeedKind.Binance, 42).ToString());
}
