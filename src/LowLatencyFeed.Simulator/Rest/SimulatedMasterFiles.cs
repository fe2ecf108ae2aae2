using System.Globalization;
using System.Text;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// The instrument masters the simulator serves, in each broker's real format (the broker READMEs' instrument-master
/// sections). Kite's and Dhan's are written from the instruments the simulator streams (<see cref="SimulatedInstrument"/>:
/// token, name, segment, scale, tick, lot, expiry), so the master and the stream cannot disagree; then fixed rows for
/// the parsers' cases no streamed instrument has (an option, an expired contract, a quoted name, a BSE listing), then
/// <c>extraEquities</c> generated cash rows so a file spans many read buffers.
/// </summary>
public static class SimulatedMasterFiles
{
    /// <summary>Kotak's NSE F&amp;O expiry 2026-01-27 14:30 IST as seconds since 1980-01-01 00:00 IST.</summary>
    public const long KotakNiftyJanExpiry1980Seconds = 1_769_504_400L - 315_513_000L;

    /// <summary>Kite's instruments CSV over the Kite instruments the simulator streams by default.</summary>
    public static string Kite(int extraEquities, SimulatedMasterFault fault) => Kite(Feeds.KiteSimulatedFeed.Defaults, extraEquities, fault);

    /// <summary>Kite's instruments CSV: a row for each of <paramref name="streamed"/>, then the fixed rows.</summary>
    public static string Kite(IReadOnlyList<SimulatedInstrument> streamed, int extraEquities, SimulatedMasterFault fault)
    {
        ArgumentNullException.ThrowIfNull(streamed);
        var text = new StringBuilder();
        text.Append(fault == SimulatedMasterFault.ChangedHeader
            ? "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,ticksize,lot_size,instrument_type,segment,exchange\n"
            : "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange\n");
        foreach (SimulatedInstrument instrument in streamed)
        {
            KiteRow(text, instrument);
        }

        text.Append("12073986,47164,NIFTY26JANFUT,NIFTY,24100,2026-01-27,0,0.1,75,FUT,NFO-FUT,NFO\n");
        text.Append("12074242,47165,NIFTY26JAN24000CE,NIFTY,120.5,2026-01-27,24000,0.05,75,CE,NFO-OPT,NFO\n");
        text.Append("11986690,46823,NIFTY25DECFUT,NIFTY,23900,2025-12-30,0,0.1,75,FUT,NFO-FUT,NFO\n");
        text.Append("2097411,8193,USDINR26JANFUT,USDINR,83.5,2026-01-27,0,0.0025,1,FUT,CDS-FUT,CDS\n");
        text.Append("\"1000449\",3908,\"M&M\",\"MAHINDRA, MAHINDRA\",2900,,0,0.1,1,EQ,NSE,NSE\n");
        for (int i = 0; i < extraEquities; i++)
        {
            long exchangeToken = 100_000 + i;
            text.Append(CultureInfo.InvariantCulture, $"{(exchangeToken * 256) + 1},{exchangeToken},SIM{i},SIM COMPANY {i},{100 + i}.5,,0,0.05,1,EQ,NSE,NSE\n");
        }

        return Finish(text, fault);
    }

    /// <summary>Dhan's compact scrip master CSV over the Dhan instruments the simulator streams by default.</summary>
    public static string Dhan(int extraEquities, SimulatedMasterFault fault) => Dhan(Feeds.DhanSimulatedFeed.Defaults, extraEquities, fault);

    /// <summary>Dhan's compact scrip master CSV: a row for each of <paramref name="streamed"/>, then the fixed rows.</summary>
    public static string Dhan(IReadOnlyList<SimulatedInstrument> streamed, int extraEquities, SimulatedMasterFault fault)
    {
        ArgumentNullException.ThrowIfNull(streamed);
        var text = new StringBuilder();
        text.Append("SEM_EXM_EXCH_ID,SEM_SEGMENT,SEM_SMST_SECURITY_ID,SEM_INSTRUMENT_NAME,SEM_EXPIRY_CODE,SEM_TRADING_SYMBOL,SEM_LOT_UNITS,SEM_CUSTOM_SYMBOL,SEM_EXPIRY_DATE,SEM_STRIKE_PRICE,SEM_OPTION_TYPE,")
            .Append(fault == SimulatedMasterFault.ChangedHeader ? "SEM_TICK," : "SEM_TICK_SIZE,")
            .Append("SEM_EXPIRY_FLAG,SEM_EXCH_INSTRUMENT_TYPE,SEM_SERIES,SM_SYMBOL_NAME\n");
        foreach (SimulatedInstrument instrument in streamed)
        {
            DhanRow(text, instrument);
        }

        text.Append("NSE,E,1594,EQUITY,,INFY,1.0,Infosys,,-0.01,XX,5.0000,NA,ES,EQ,INFOSYS LIMITED\n");
        text.Append("NSE,D,35001,FUTIDX,0,NIFTY-Jan2026-FUT,75.0,NIFTY JAN FUT,2026-01-27 14:30:00,-0.01,XX,10.0000,M,FUTIDX,NA,NIFTY\n");
        text.Append("NSE,D,35002,OPTIDX,0,NIFTY-Jan2026-24000-CE,75.0,NIFTY 27 JAN 24000 CALL,2026-01-27 14:30:00,24000.00000,CE,5.0000,M,OPTIDX,NA,NIFTY\n");
        text.Append("NSE,D,35003,OPTIDX,0,NIFTY-Jan2026-24000-CE-W,75.0,NIFTY 13 JAN 24000 CALL,2026-01-13 14:30:00,24000.00000,CE,5.0000,W,OPTIDX,NA,NIFTY\n");
        text.Append("BSE,E,500209,EQUITY,,INFY,1.0,Infosys,,-0.01,XX,5.0000,NA,ES,A,INFOSYS LIMITED\n");
        for (int i = 0; i < extraEquities; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"NSE,E,{100_000 + i},EQUITY,,SIM{i},1.0,Sim {i},,-0.01,XX,5.0000,NA,ES,EQ,SIM COMPANY {i}\n");
        }

        return Finish(text, fault);
    }

    /// <summary>
    /// One Kite row from a streamed instrument (Kite/README.md §12): the segment is the token's low byte (1 NSE, 2 NFO,
    /// 3 CDS, 9 indices), the exchange token the rest; tick and last price at the instrument's scale.
    /// </summary>
    private static void KiteRow(StringBuilder text, SimulatedInstrument instrument)
    {
        string name = Name(instrument);
        (string type, string segment, string exchange) = (instrument.Token & 0xFF) switch
        {
            _ when instrument.IsIndex => ("EQ", "INDICES", "NSE"),
            2 => (instrument.Expiry is null ? "EQ" : "FUT", "NFO-FUT", "NFO"),
            3 => ("FUT", "CDS-FUT", "CDS"),
            7 => ("FUT", "MCX-FUT", "MCX"),
            4 => ("EQ", "BSE", "BSE"),
            _ => ("EQ", "NSE", "NSE"),
        };
        text.Append(CultureInfo.InvariantCulture, $"{instrument.Token},{instrument.Token >> 8},{name},{name},{Scaled(instrument.StartPrice, instrument.PriceDecimals)},")
            .Append(instrument.Expiry is { } expiry ? expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")
            .Append(CultureInfo.InvariantCulture, $",0,{Scaled(instrument.TickSize, instrument.PriceDecimals)},{instrument.LotSize},{type},{segment},{exchange}\n");
    }

    /// <summary>
    /// One Dhan row from a streamed instrument (Dhan/README.md §12): exchange and segment letter from its exchange
    /// segment; tick in paise on tradable rows and in rupees on indices; an index's name is its display name.
    /// </summary>
    private static void DhanRow(StringBuilder text, SimulatedInstrument instrument)
    {
        string name = Name(instrument);
        (string exchange, char letter, string kind, string series) = instrument.Segment switch
        {
            "IDX_I" => ("NSE", 'I', "INDEX", "X"),
            "NSE_FNO" => ("NSE", 'D', "FUTIDX", "NA"),
            "NSE_CURRENCY" => ("NSE", 'C', "FUTCUR", "NA"),
            "BSE_EQ" => ("BSE", 'E', "EQUITY", "A"),
            "MCX_COMM" => ("MCX", 'M', "FUTCOM", "NA"),
            _ => ("NSE", 'E', "EQUITY", "EQ"),
        };
        string tradingSymbol = instrument.IsIndex ? name.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() : name;
        string tick = instrument.IsIndex ? Scaled(instrument.TickSize, instrument.PriceDecimals) : Scaled(instrument.TickSize * 100, instrument.PriceDecimals);
        string expiry = instrument.Expiry is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (letter == 'C' ? " 12:30:00" : " 14:30:00") : "";
        text.Append(CultureInfo.InvariantCulture, $"{exchange},{letter},{instrument.Token},{kind},{(expiry.Length > 0 ? "0" : "")},{tradingSymbol},{instrument.LotSize}.0,{name},{expiry},-0.01,XX,{tick},{(expiry.Length > 0 ? "M" : "NA")},{(instrument.IsIndex ? "INDEX" : kind == "EQUITY" ? "ES" : kind)},{series},{tradingSymbol.Split('-')[0]}\n");
    }

    private static string Name(SimulatedInstrument instrument) =>
        instrument.Name.Length > 0 ? instrument.Name : "SIM" + instrument.Token.ToString(CultureInfo.InvariantCulture);

    /// <summary>A mantissa at <paramref name="decimals"/> as plain decimal text (157370 at 2 → 1573.70).</summary>
    private static string Scaled(long mantissa, byte decimals) =>
        (mantissa / (decimal)Math.Pow(10, decimals)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Kotak's per-segment files: <c>nse_cm-v1.csv</c> (cash and indices) or <c>nse_fo.csv</c>.</summary>
    public static string Kotak(string segmentFile, int extraEquities, SimulatedMasterFault fault)
    {
        var text = new StringBuilder();
        // The real header's stray spaces and "dStrikePrice;" are kept (Kotak/README.md §12).
        text.Append("pSymbol,pGroup,pExchSeg,pInstType,pSymbolName,pTrdSymbol,pOptionType,pScripRefKey,pISIN,pAssetCode,pSubGroup,pCombinedSymbol,pDesc,pAmcCode,pContractId,")
            .Append(fault == SimulatedMasterFault.ChangedHeader ? "dTick ," : "dTickSize ,")
            .Append("lLotSize,lExpiryDate ,lMultiplier ,lPrecision,dStrikePrice;,pExchange,pInstName,pExpiryDate\n");
        if (segmentFile.StartsWith("nse_cm", StringComparison.Ordinal))
        {
            text.Append("1594,EQ,nse_cm,,INFY,INFY-EQ,XX,INFY,INE009A01021,,,,INFOSYS LIMITED,,,5,1,-1,-1,2,-1,NSE,EQ,\n");
            text.Append("26000,,nse_cm,,NIFTY,Nifty 50,XX,,,,,,Nifty 50,,,0,1,-1,-1,2,-1,NSE,INDEX,\n");
            for (int i = 0; i < extraEquities; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{100_000 + i},EQ,nse_cm,,SIM{i},SIM{i}-EQ,XX,SIM{i},INE{i:000000}01,,,,SIM COMPANY {i},,,5,1,-1,-1,2,-1,NSE,EQ,\n");
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"35001,,nse_fo,FUTIDX,NIFTY,NIFTY26JANFUT,XX,NIFTY,,,,,NIFTY JAN FUT,,,10,75,{KotakNiftyJanExpiry1980Seconds},1,2,-1,NSE,FUTIDX,{KotakNiftyJanExpiry1980Seconds}\n");
            text.Append(CultureInfo.InvariantCulture, $"35002,,nse_fo,OPTIDX,NIFTY,NIFTY26JAN24000CE,CE,NIFTY,,,,,NIFTY JAN 24000 CE,,,5,75,{KotakNiftyJanExpiry1980Seconds},1,2,2400000,NSE,OPTIDX,{KotakNiftyJanExpiry1980Seconds}\n");
        }

        return Finish(text, fault);
    }

    /// <summary>Binance's <c>exchangeInfo</c> with the fields a feed reads and the ones it must skip.</summary>
    public static string BinanceExchangeInfo(int extraSymbols, SimulatedMasterFault fault)
    {
        var text = new StringBuilder();
        text.Append("{\"timezone\":\"UTC\",\"serverTime\":1767225600000,\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":6000}],\"exchangeFilters\":[],")
            .Append(fault == SimulatedMasterFault.ChangedHeader ? "\"symbolList\":[" : "\"symbols\":[");
        Symbol(text, "BTCUSDT", "TRADING", "BTC", "USDT", "0.01000000", "0.00001000", first: true);
        Symbol(text, "ETHBTC", "TRADING", "ETH", "BTC", "0.00001000", "0.00010000", first: false);
        Symbol(text, "LUNAUSDT", "BREAK", "LUNA", "USDT", "0.00010000", "0.01000000", first: false);
        for (int i = 0; i < extraSymbols; i++)
        {
            Symbol(text, $"SIM{i}USDT", "TRADING", $"SIM{i}", "USDT", "0.00100000", "1.00000000", first: false);
        }

        text.Append("]}");
        return Finish(text, fault);
    }

    private static void Symbol(StringBuilder text, string symbol, string status, string baseAsset, string quoteAsset, string tick, string step, bool first)
    {
        text.Append(first ? "" : ",")
            .Append(CultureInfo.InvariantCulture, $"{{\"symbol\":\"{symbol}\",\"status\":\"{status}\",\"baseAsset\":\"{baseAsset}\",\"baseAssetPrecision\":8,\"quoteAsset\":\"{quoteAsset}\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,")
            .Append("\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"isSpotTradingAllowed\":true,\"permissionSets\":[[\"SPOT\",\"MARGIN\"]],\"filters\":[")
            .Append(CultureInfo.InvariantCulture, $"{{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01000000\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"{tick}\"}},")
            .Append(CultureInfo.InvariantCulture, $"{{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00001000\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"{step}\"}},")
            .Append("{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\",\"applyToMarket\":true,\"avgPriceMins\":5}]}");
    }

    /// <summary>Cuts the file two thirds of the way in, inside a row, for <see cref="SimulatedMasterFault.Truncated"/>.</summary>
    private static string Finish(StringBuilder text, SimulatedMasterFault fault)
    {
        string whole = text.ToString();
        if (fault != SimulatedMasterFault.Truncated)
        {
            return whole;
        }

        int cut = whole.Length * 2 / 3;
        while (cut < whole.Length && (whole[cut] == '\n' || whole[cut - 1] == '\n' || whole[cut] == ','))
        {
            cut++;
        }

        return whole[..cut];
    }
}
