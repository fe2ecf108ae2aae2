using System.Globalization;
using System.Text;

namespace LowLatencyFeed.Simulator.Rest;

/// <summary>
/// The instrument masters the simulator serves, in each broker's real format (the broker READMEs' instrument-master
/// sections). Every broker's is written from the instruments the simulator streams (<see cref="SimulatedInstrument"/>:
/// token, name, segment, scale, tick, lot, expiry), so the master and the stream cannot disagree; then fixed rows for
/// the parsers' cases no streamed instrument has (an option, an expired contract, a quoted name, a BSE listing), then
/// <c>extraEquities</c> generated cash rows so a file spans many read buffers. Kotak's segment files and Binance's
/// <c>exchangeInfo</c> are written the same way from the Kotak and Binance instruments.
/// </summary>
public static class SimulatedMasterFiles
{
    /// <summary>Kotak's NSE F&amp;O expiry 2026-01-27 14:30 IST as seconds since 1980-01-01 00:00 IST.</summary>
    public const long KotakNiftyJanExpiry1980Seconds = 1_769_504_400L - KotakEpoch1980UnixSeconds;

    /// <summary>1980-01-01 00:00 IST as Unix seconds, the origin of Kotak's NSE F&amp;O and currency expiries (Kotak/README.md §12).</summary>
    private const long KotakEpoch1980UnixSeconds = 315_513_000L;

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

    /// <summary>Kotak's segment file <paramref name="segmentFile"/> over the Kotak instruments the simulator streams by default.</summary>
    public static string Kotak(string segmentFile, int extraEquities, SimulatedMasterFault fault) => Kotak(Feeds.KotakSimulatedFeed.Defaults, segmentFile, extraEquities, fault);

    /// <summary>
    /// The segment files Kotak's index call lists for <paramref name="streamed"/> (Kotak/README.md §12): cash segments as
    /// <c>transformed-v1/&lt;segment&gt;-v1.csv</c>, the others as <c>transformed/&lt;segment&gt;.csv</c>; one for every
    /// segment an instrument streams on, plus <c>nse_cm</c> and <c>nse_fo</c> (the fixed rows) and the older-format
    /// <c>nse_com</c>, which the downloader skips. A segment without rows is not listed (a real file always has rows).
    /// </summary>
    public static IReadOnlyList<string> KotakSegmentFiles(IReadOnlyList<SimulatedInstrument> streamed)
    {
        ArgumentNullException.ThrowIfNull(streamed);
        var segments = new SortedSet<string>(StringComparer.Ordinal) { "nse_cm", "nse_fo" };
        foreach (SimulatedInstrument instrument in streamed)
        {
            segments.Add(KotakScrip(instrument).Segment);
        }

        var files = new List<string>();
        foreach (string segment in segments)
        {
            files.Add(segment.EndsWith("_cm", StringComparison.Ordinal) ? $"transformed-v1/{segment}-v1.csv" : $"transformed/{segment}.csv");
        }

        files.Add("transformed/nse_com.csv");
        return files;
    }

    /// <summary>
    /// Kotak's segment file <paramref name="segmentFile"/> (<c>nse_cm-v1.csv</c>, <c>nse_fo.csv</c>, <c>cde_fo.csv</c> …): a
    /// row for each of <paramref name="streamed"/> on that segment, then the fixed rows of <c>nse_cm</c> or <c>nse_fo</c>.
    /// </summary>
    public static string Kotak(IReadOnlyList<SimulatedInstrument> streamed, string segmentFile, int extraEquities, SimulatedMasterFault fault)
    {
        ArgumentNullException.ThrowIfNull(streamed);
        ArgumentNullException.ThrowIfNull(segmentFile);
        string segment = segmentFile.Replace(".csv", "", StringComparison.Ordinal).Replace("-v1", "", StringComparison.Ordinal);
        var text = new StringBuilder();
        // The real header's stray spaces and "dStrikePrice;" are kept (Kotak/README.md §12).
        text.Append("pSymbol,pGroup,pExchSeg,pInstType,pSymbolName,pTrdSymbol,pOptionType,pScripRefKey,pISIN,pAssetCode,pSubGroup,pCombinedSymbol,pDesc,pAmcCode,pContractId,")
            .Append(fault == SimulatedMasterFault.ChangedHeader ? "dTick ," : "dTickSize ,")
            .Append("lLotSize,lExpiryDate ,lMultiplier ,lPrecision,dStrikePrice;,pExchange,pInstName,pExpiryDate\n");
        foreach (SimulatedInstrument instrument in streamed)
        {
            if (KotakScrip(instrument).Segment == segment)
            {
                KotakRow(text, instrument);
            }
        }

        if (segment == "nse_cm")
        {
            text.Append("1594,EQ,nse_cm,,INFY,INFY-EQ,XX,INFY,INE009A01021,,,,INFOSYS LIMITED,,,5,1,-1,-1,2,-1,NSE,EQ,\n");
            for (int i = 0; i < extraEquities; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{100_000 + i},EQ,nse_cm,,SIM{i},SIM{i}-EQ,XX,SIM{i},INE{i:000000}01,,,,SIM COMPANY {i},,,5,1,-1,-1,2,-1,NSE,EQ,\n");
            }
        }
        else if (segment is "nse_fo" or "nse_com")
        {
            text.Append(CultureInfo.InvariantCulture, $"35001,,nse_fo,FUTIDX,NIFTY,NIFTY26JANFUT,XX,NIFTY,,,,,NIFTY JAN FUT,,,10,75,{KotakNiftyJanExpiry1980Seconds},1,2,-1,NSE,FUTIDX,{KotakNiftyJanExpiry1980Seconds}\n");
            text.Append(CultureInfo.InvariantCulture, $"35002,,nse_fo,OPTIDX,NIFTY,NIFTY26JAN24000CE,CE,NIFTY,,,,,NIFTY JAN 24000 CE,,,5,75,{KotakNiftyJanExpiry1980Seconds},1,2,2400000,NSE,OPTIDX,{KotakNiftyJanExpiry1980Seconds}\n");
        }

        return Finish(text, fault);
    }

    /// <summary>
    /// One Kotak row from a streamed instrument (Kotak/README.md §12): the token in <c>pSymbol</c>, the scale in
    /// <c>lPrecision</c> and the tick in units of it; a cash row's trading symbol is the name with its <c>-EQ</c> series
    /// and an ISIN; an index row (no ISIN) is named as the feed addresses it (<c>nse_cm|Nifty 50</c>); a future's
    /// underlying is its monthly name without the year, month and FUT, its expiry 14:30 IST in seconds since 1980-01-01
    /// IST on NSE F&amp;O and currency, plain Unix seconds on BSE F&amp;O and MCX.
    /// </summary>
    private static void KotakRow(StringBuilder text, SimulatedInstrument instrument)
    {
        (string segment, string key) = KotakScrip(instrument);
        string exchange = segment.StartsWith("bse", StringComparison.Ordinal) ? "BSE" : segment.StartsWith("mcx", StringComparison.Ordinal) ? "MCX" : "NSE";
        string name = Name(instrument);
        string tick = instrument.TickSize.ToString(CultureInfo.InvariantCulture);
        int precision = instrument.PriceDecimals;
        if (instrument.IsIndex)
        {
            text.Append(CultureInfo.InvariantCulture, $"{instrument.Token},,{segment},,{key.ToUpperInvariant()},{key},XX,,,,,,{key},,,{tick},1,-1,-1,{precision},-1,{exchange},INDEX,\n");
        }
        else if (instrument.Expiry is { } expiry)
        {
            string underlying = name.Length > 8 && name.EndsWith("FUT", StringComparison.Ordinal) ? name[..^8] : name;
            string type = segment switch { "cde_fo" => "FUTCUR", "mcx_fo" => "FUTCOM", _ => "FUTIDX" };
            long unix = new DateTimeOffset(expiry.Year, expiry.Month, expiry.Day, 14, 30, 0, TimeSpan.FromMinutes(330)).ToUnixTimeSeconds();
            long seconds = segment is "nse_fo" or "cde_fo" ? unix - KotakEpoch1980UnixSeconds : unix;
            text.Append(CultureInfo.InvariantCulture, $"{instrument.Token},,{segment},{type},{underlying},{name},XX,{underlying},,,,,{name},,,{tick},{instrument.LotSize},{seconds},1,{precision},-1,{exchange},{type},{seconds}\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{instrument.Token},EQ,{segment},,{name},{name}-EQ,XX,{name},INE{instrument.Token % 10_000_000:0000000}01,,,,{name},,,{tick},{instrument.LotSize},-1,-1,{precision},-1,{exchange},EQ,\n");
        }
    }

    /// <summary>A Kotak instrument's scrip as its feed subscribes it: its <c>segment|key</c> symbol, else <c>nse_cm|token</c>.</summary>
    private static (string Segment, string Key) KotakScrip(SimulatedInstrument instrument)
    {
        string scrip = instrument.Symbol.Contains('|', StringComparison.Ordinal)
            ? instrument.Symbol
            : (string.IsNullOrEmpty(instrument.Segment) ? "nse_cm" : instrument.Segment) + "|" + instrument.Token.ToString(CultureInfo.InvariantCulture);
        int bar = scrip.IndexOf('|', StringComparison.Ordinal);
        return (scrip[..bar], scrip[(bar + 1)..]);
    }

    /// <summary>Binance's <c>exchangeInfo</c> over the Binance instruments the simulator streams by default.</summary>
    public static string BinanceExchangeInfo(int extraSymbols, SimulatedMasterFault fault) => BinanceExchangeInfo(Feeds.BinanceSimulatedFeed.Defaults, extraSymbols, fault);

    /// <summary>
    /// Binance's <c>exchangeInfo</c> (Binance/README.md §10) with the fields a feed reads and the ones it must skip: a
    /// trading symbol for each of <paramref name="streamed"/> (its symbol upper-cased; <c>tickSize</c> its tick and
    /// <c>stepSize</c> its lot, both at its scales, padded to 8 decimals as Binance sends them), then fixed symbols no
    /// streamed instrument has (a 5-decimal price, a symbol not trading) and <paramref name="extraSymbols"/> generated ones.
    /// </summary>
    public static string BinanceExchangeInfo(IReadOnlyList<SimulatedInstrument> streamed, int extraSymbols, SimulatedMasterFault fault)
    {
        ArgumentNullException.ThrowIfNull(streamed);
        var text = new StringBuilder();
        text.Append("{\"timezone\":\"UTC\",\"serverTime\":1767225600000,\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":6000}],\"exchangeFilters\":[],")
            .Append(fault == SimulatedMasterFault.ChangedHeader ? "\"symbolList\":[" : "\"symbols\":[");
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (SimulatedInstrument instrument in streamed)
        {
            string symbol = (instrument.Symbol.Length > 0 ? instrument.Symbol : Name(instrument)).ToUpperInvariant();
            if (!written.Add(symbol))
            {
                continue;
            }

            string quote = symbol.EndsWith("USDT", StringComparison.Ordinal) ? "USDT" : symbol.Length > 3 ? symbol[^3..] : "USDT";
            Symbol(text, symbol, "TRADING", symbol[..^quote.Length], quote, Padded(instrument.TickSize, instrument.PriceDecimals), Padded(instrument.LotSize, instrument.QuantityDecimals), first: written.Count == 1);
        }

        Symbol(text, "ETHBTC", "TRADING", "ETH", "BTC", "0.00001000", "0.00010000", first: written.Count == 0);
        Symbol(text, "LUNAUSDT", "BREAK", "LUNA", "USDT", "0.00010000", "0.01000000", first: false);
        for (int i = 0; i < extraSymbols; i++)
        {
            Symbol(text, $"SIM{i}USDT", "TRADING", $"SIM{i}", "USDT", "0.00100000", "1.00000000", first: false);
        }

        text.Append("]}");
        return Finish(text, fault);
    }

    /// <summary>A mantissa at <paramref name="decimals"/> as Binance writes decimals: 8 places (1 at 2 → 0.01000000).</summary>
    private static string Padded(long mantissa, byte decimals) =>
        (mantissa / (decimal)Math.Pow(10, decimals)).ToString("0.00000000", CultureInfo.InvariantCulture);

    private static void Symbol(StringBuilder text, string symbol, string status, string baseAsset, string quoteAsset, string tick, string step, bool first)
    {
        text.Append(first ? "" : ",")
            .Append(CultureInfo.InvariantCulture, $"{{\"symbol\":\"{symbol}\",\"status\":\"{status}\",\"baseAsset\":\"{baseAsset}\",\"baseAssetPrecision\":8,\"quoteAsset\":\"{quoteAsset}\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,")
            .Append("\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"isSpotTradingAllowed\":true,\"permissionSets\":[[\"SPOT\",\"MARGIN\"]],\"filters\":[")
            .Append(CultureInfo.InvariantCulture, $"{{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01000000\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"{tick}\"}},")
            .Append(CultureInfo.InvariantCulture, $"{{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00001000\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"{step}\"}},")
            .Append("{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\",\"applyToMarket\":true,\"avgPriceMins\":5}]}");
    }

    /// <summary>Cuts the file two thirds of the way in (at least past its header), inside a row, for <see cref="SimulatedMasterFault.Truncated"/>.</summary>
    private static string Finish(StringBuilder text, SimulatedMasterFault fault)
    {
        string whole = text.ToString();
        if (fault != SimulatedMasterFault.Truncated)
        {
            return whole;
        }

        // Past the header line, so even a one-row segment file is cut inside a row, not in its header.
        int cut = Math.Max(whole.Length * 2 / 3, whole.IndexOf('\n', StringComparison.Ordinal) + 2);
        while (cut < whole.Length && (whole[cut] == '\n' || whole[cut - 1] == '\n' || whole[cut] == ','))
        {
            cut++;
        }

        return whole[..cut];
    }
}
