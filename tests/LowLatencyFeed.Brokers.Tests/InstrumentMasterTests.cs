using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;
using LowLatencyFeed.Simulator.Rest;

namespace LowLatencyFeed.Brokers.Tests;

/// <summary>
/// Each broker's master downloaded over real HTTP from the simulator in the broker's own format, parsed, cached and
/// resolved; expected values are worked out by hand from the broker READMEs' instrument-master sections.
/// </summary>
public sealed class InstrumentMasterTests
{
    private static readonly DateOnly s_day = new(2026, 1, 2);

    [Fact]
    public async Task Kite_master_resolves_equity_index_future_option_and_currency_with_the_feed_scales()
    {
        await using var brokers = await SimulatedBrokers.StartAsync();
        MasterStatus status = await brokers.SyncAsync(BrokerKind.Kite, s_day);
        Assert.Null(status.Warning);
        InstrumentMaster master = status.Master!;
        Assert.Equal(6 + 5 + 2000, master.Instruments.Count); // the six streamed Kite instruments, five fixed rows, the generated cash rows

        MasterInstrument infy = master.Find("NSE:INFY")!;
        Assert.Equal(408065, infy.FeedToken);
        Assert.Equal(0.05m, infy.TickSize);
        Assert.Equal(2, infy.PriceDecimals);
        Assert.Equal(InstrumentKind.Equity, infy.Kind);
        Assert.Same(infy, master.Find("408065"));
        Assert.Same(infy, master.Find("nse:infy"));

        MasterInstrument nifty = master.Find("NSE:NIFTY 50")!;
        Assert.Equal(256265, nifty.FeedToken);
        Assert.Equal(InstrumentKind.Index, nifty.Kind);

        MasterInstrument future = master.Find("NFO:NIFTY26JANFUT")!;
        Assert.Equal(12073986, future.FeedToken);
        Assert.Equal(new DateOnly(2026, 1, 27), future.Expiry);
        Assert.Equal(75, future.LotSize);
        Assert.Equal(0.1m, future.TickSize);

        MasterInstrument call = master.Find("NFO:NIFTY26JAN24000CE")!;
        Assert.Equal(InstrumentKind.Option, call.Kind);
        Assert.Equal(24000m, call.Strike);
        Assert.Equal("CE", call.OptionType);

        // Kite/README.md §6: segment 3 (CDS) prices have 7 decimals on the wire; 2097411 = 8193 × 256 + 3.
        MasterInstrument usdinr = master.Find("CDS:USDINR26JANFUT")!;
        Assert.Equal(7, usdinr.PriceDecimals);
        Assert.Equal(0.0025m, usdinr.TickSize);

        // A quoted name with a comma, and a quoted token.
        MasterInstrument mahindra = master.Find("NSE:M&M")!;
        Assert.Equal("MAHINDRA, MAHINDRA", mahindra.Name);
        Assert.Equal(1000449, mahindra.FeedToken);

        Assert.True(master.Find("NFO:NIFTY25DECFUT")!.IsExpiredOn(s_day));
        Assert.False(future.IsExpiredOn(s_day));
        Assert.Null(master.Find("NSE:NOSUCH"));
        Assert.Equal((100_000L * 256) + 1 + 1999 * 256, master.Find("NSE:SIM1999")!.FeedToken);
    }

    [Fact]
    public async Task Dhan_master_maps_segments_converts_paise_ticks_and_names_derivatives_like_kite()
    {
        await using var brokers = await SimulatedBrokers.StartAsync();
        InstrumentMaster master = (await brokers.SyncAsync(BrokerKind.Dhan, s_day)).Master!;

        MasterInstrument infy = master.Find("NSE:INFY")!;
        Assert.Equal("NSE_EQ|1594", infy.BrokerKey);
        Assert.Equal(1594, infy.FeedToken);
        Assert.Equal(0.05m, infy.TickSize); // 5.0000 paise
        Assert.Equal("BSE_EQ|500209", master.Find("BSE:INFY")!.BrokerKey);

        MasterInstrument nifty = master.Find("NSE:NIFTY 50")!;
        Assert.Equal("IDX_I|13", nifty.BrokerKey);
        Assert.Equal(InstrumentKind.Index, nifty.Kind);
        Assert.Equal(0.05m, nifty.TickSize); // index rows are already rupees

        MasterInstrument future = master.Find("NFO:NIFTY26JANFUT")!;
        Assert.Equal("NSE_FNO|35001", future.BrokerKey);
        Assert.Equal(0.10m, future.TickSize);
        Assert.Equal(75, future.LotSize);
        Assert.Same(future, master.Find("NFO:NIFTY-Jan2026-FUT"));

        // The weekly (13 Jan) and monthly (27 Jan) calls share the monthly-style name: the monthly keeps it.
        Assert.Equal("NSE_FNO|35002", master.Find("NFO:NIFTY26JAN24000CE")!.BrokerKey);
        Assert.Equal(new DateOnly(2026, 1, 13), master.Find("NSE_FNO|35003")!.Expiry);

        MasterInstrument usdinr = master.Find("CDS:USDINR26JANFUT")!;
        Assert.Equal(4, usdinr.PriceDecimals);
        Assert.Equal(0.0025m, usdinr.TickSize);
    }

    [Fact]
    public async Task Kotak_master_follows_the_index_call_to_the_segment_files_and_decodes_1980_expiries()
    {
        await using var brokers = await SimulatedBrokers.StartAsync();
        InstrumentMaster master = (await brokers.SyncAsync(BrokerKind.Kotak, s_day)).Master!;

        MasterInstrument infy = master.Find("NSE:INFY")!;
        Assert.Equal("nse_cm|1594", infy.BrokerKey);
        Assert.Equal("INFY-EQ", infy.BrokerSymbol);
        Assert.Equal(0.05m, infy.TickSize);

        MasterInstrument nifty = master.Find("NSE:NIFTY 50")!;
        Assert.Equal("nse_cm|Nifty 50", nifty.BrokerKey);
        Assert.Equal(InstrumentKind.Index, nifty.Kind);

        MasterInstrument future = master.Find("NFO:NIFTY26JANFUT")!;
        Assert.Equal("nse_fo|35001", future.BrokerKey);
        Assert.Equal(new DateOnly(2026, 1, 27), future.Expiry);
        Assert.Equal(0.10m, future.TickSize);

        MasterInstrument call = master.Find("nse_fo|35002")!;
        Assert.Equal(24000m, call.Strike); // 2400000 paise
        Assert.Same(call, master.Find("NFO:NIFTY26JAN24000CE"));
        Assert.Null(master.Find("NSE:NOSUCH"));
        // nse_com (the older-format duplicate) is not downloaded; nse_cm, nse_fo and cde_fo (the streamed USDINR future) are.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(brokers.Cache.BrokerDirectory(BrokerKind.Kotak), "2026-01-02")).Length);
    }

    [Fact]
    public async Task Binance_exchange_info_is_streamed_and_gives_scales_from_tick_and_step()
    {
        await using var brokers = await SimulatedBrokers.StartAsync(extraRows: 3000);
        InstrumentMaster master = (await brokers.SyncAsync(BrokerKind.Binance, s_day)).Master!;
        // The three streamed symbols, ETHBTC, LUNAUSDT and the generated ones.
        Assert.Equal(5 + 3000, master.Instruments.Count);

        MasterInstrument btc = master.Find("BINANCE:BTCUSDT")!;
        Assert.Equal(2, btc.PriceDecimals);        // "0.01000000"
        Assert.Equal(3, btc.QuantityDecimals);     // "0.00100000": the simulator streams lots of 0.001
        Assert.Equal(3, master.Find("BINANCE:BNBUSDT")!.PriceDecimals); // "0.00100000"
        Assert.Equal(0.01m, btc.TickSize);
        Assert.True(btc.Tradable);
        Assert.Same(btc, master.Find("btcusdt"));
        Assert.Same(btc, master.Find("BINANCE:btcusdt"));
        Assert.Equal(BinanceExchangeInfoParser.BinanceToken("BTCUSDT"), btc.FeedToken);
        Assert.Equal(5, master.Find("BINANCE:ETHBTC")!.PriceDecimals);
        Assert.False(master.Find("BINANCE:LUNAUSDT")!.Tradable);
    }

    [Theory]
    [InlineData(BrokerKind.Kite, "kite", "tick_size")]
    [InlineData(BrokerKind.Dhan, "dhan", "SEM_TICK_SIZE")]
    [InlineData(BrokerKind.Kotak, "kotak", "dTickSize")]
    [InlineData(BrokerKind.Binance, "binance", "symbols")]
    public async Task A_changed_header_fails_naming_broker_and_field_and_keeps_yesterdays_master(BrokerKind broker, string path, string field)
    {
        await using var brokers = await SimulatedBrokers.StartAsync();
        MasterStatus yesterday = await brokers.SyncAsync(broker, s_day.AddDays(-1));
        Assert.Null(yesterday.Warning);

        brokers.Rest.SetFault(path, SimulatedMasterFault.ChangedHeader);
        MasterStatus today = await brokers.SyncAsync(broker, s_day);

        Assert.NotNull(today.Warning);
        Assert.Contains(broker.ToString(), today.Warning);
        Assert.Contains($"'{field}'", today.Warning);
        Assert.Contains("keeping the master of 2026-01-01", today.Warning);
        Assert.Equal(s_day.AddDays(-1), today.Master!.ValidOn);
        Assert.Equal([s_day.AddDays(-1)], brokers.Cache.Days(broker));
    }

    [Theory]
    [InlineData(BrokerKind.Kite, "kite")]
    [InlineData(BrokerKind.Dhan, "dhan")]
    [InlineData(BrokerKind.Kotak, "kotak")]
    [InlineData(BrokerKind.Binance, "binance")]
    public async Task A_truncated_file_fails_whole(BrokerKind broker, string path)
    {
        await using var brokers = await SimulatedBrokers.StartAsync();
        brokers.Rest.SetFault(path, SimulatedMasterFault.Truncated);
        MasterStatus status = await brokers.SyncAsync(broker, s_day);
        Assert.Null(status.Master);
        Assert.Contains(broker.ToString() + " instrument master", status.Warning);
        Assert.Contains("truncated", status.Warning);
        Assert.Contains("no earlier master is cached", status.Warning);
        Assert.Empty(brokers.Cache.Days(broker));
    }

    [Fact]
    public async Task Broker_error_replies_are_mapped_to_clear_messages()
    {
        await using var brokers = await SimulatedBrokers.StartAsync();
        brokers.Rest.SetFault("kite", SimulatedMasterFault.TokenExpired);
        string kite = (await brokers.SyncAsync(BrokerKind.Kite, s_day)).Warning!;
        Assert.Contains("HTTP 403 TokenException", kite);
        Assert.Contains("llfeed login kite", kite);

        brokers.Rest.SetFault("dhan", SimulatedMasterFault.TokenExpired);
        Assert.Contains("DH-901", (await brokers.SyncAsync(BrokerKind.Dhan, s_day)).Warning!);

        brokers.Rest.SetFault("binance", SimulatedMasterFault.ServerError);
        Assert.Contains("HTTP 500", (await brokers.SyncAsync(BrokerKind.Binance, s_day)).Warning!);
    }

    [Fact]
    public async Task The_cached_master_is_read_back_identically()
    {
        await using var brokers = await SimulatedBrokers.StartAsync(extraRows: 10);
        foreach (BrokerKind broker in Enum.GetValues<BrokerKind>())
        {
            InstrumentMaster downloaded = (await brokers.SyncAsync(broker, s_day)).Master!;
            InstrumentMaster cached = brokers.Cache.LoadNewest(broker)!;
            Assert.Equal(s_day, cached.ValidOn);
            Assert.Equal(downloaded.Instruments, cached.Instruments);
        }
    }
}
