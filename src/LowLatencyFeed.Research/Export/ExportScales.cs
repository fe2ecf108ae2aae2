namespace LowLatencyFeed.Research.Export;

/// <summary>
/// The Parquet DECIMAL types of exported prices and quantities. One scale per column for every instrument in a file
/// (Parquet has one type per column), chosen to hold every feed's decimals exactly (Kite/Dhan/Kotak 2, Binance up to 8);
/// an event with more decimals than the scale is skipped and counted (<see cref="ParquetExportResult.UnrepresentableRows"/>).
/// </summary>
internal static class ExportScales
{
    /// <summary>Prices: DECIMAL(18, 8), stored as INT64 — up to 9,999,999,999.99999999.</summary>
    public const int PricePrecision = 18;

    public const int PriceScale = 8;

    /// <summary>Quantities and volumes: DECIMAL(38, 8).</summary>
    public const int QuantityPrecision = 38;

    public const int QuantityScale = 8;

    /// <summary>Turnover (price × quantity at price + quantity decimals): DECIMAL(38, 16).</summary>
    public const int TurnoverPrecision = 38;

    public const int TurnoverScale = 16;
}
