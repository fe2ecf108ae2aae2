using LowLatencyFeed.Core.Instruments;
using LowLatencyFeed.Processing.Derived;
using LowLatencyFeed.Processing.Indicators;
using Npgsql;

namespace LowLatencyFeed.Host.Engine;

/// <summary>
/// Seeds the live indicators from the bars the database holds — live bars and the broker's (<c>source =
/// 'backfill'</c>, which the journal never saw) — before the journal's: each indicator timeframe's final bars (not
/// partial, not revised, as the live stage takes them), oldest first per instrument, into the live
/// <see cref="IndicatorEngine"/>. The journal warm-up that follows (<see cref="IndicatorWarmUp"/>) then adds only the
/// bars that start after the last stored one (the engine skips the rest), so the first live value equals the value over
/// the whole stored and journaled history. Cold path, once at start; the values go to the discarding warm-up sink.
/// Live bars stored past the journal's end are left out: the journal lost them in a crash, this run reuses their
/// sequences and the storage stage deletes them (its reconciliation runs after this seeding).
/// </summary>
internal static class IndicatorDatabaseWarmUp
{
    private const int SkippedFlags = (int)(DerivedFlags.Partial | DerivedFlags.Revised);

    /// <summary>Returns the stored bars read.</summary>
    public static long Run(string connectionString, long journalEnd, IndicatorEngine engine, IReadOnlyDictionary<long, (byte Price, byte Quantity)> instrumentDecimals)
    {
        var timeframes = new List<int>();
        foreach (IndicatorSpec spec in engine.Specs)
        {
            int seconds = (int)spec.Timeframe.TotalSeconds;
            if (!timeframes.Contains(seconds))
            {
                timeframes.Add(seconds);
            }
        }

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT instrument_id, timeframe_seconds, time, high, low, close, volume, turnover, flags FROM llfeed.bars " +
            $"WHERE timeframe_seconds = ANY($1) AND (flags & {SkippedFlags}) = 0 AND (source = 'backfill' OR seq <= $2) " +
            "ORDER BY instrument_id, timeframe_seconds, time",
            connection);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. timeframes] });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = journalEnd });
        command.CommandTimeout = 600;
        using NpgsqlDataReader reader = command.ExecuteReader();
        long bars = 0;
        var header = default(DerivedHeader);
        var bar = default(BarValues);
        while (reader.Read())
        {
            long instrument = reader.GetInt64(0);
            long timeframeNs = reader.GetInt32(1) * 1_000_000_000L;
            decimal high = reader.GetDecimal(3);
            decimal low = reader.GetDecimal(4);
            decimal close = reader.GetDecimal(5);
            decimal volume = reader.GetDecimal(6);
            decimal turnover = reader.GetDecimal(7);

            // The live instrument's decimals, so exact sums (SMA, OBV, VWAP) continue at the live scale; an instrument no
            // feed configures keeps the stored scale.
            (byte price, byte quantity) = instrumentDecimals.TryGetValue(instrument, out var configured)
                ? configured
                : ((byte)Math.Max(close.Scale, Math.Max(high.Scale, low.Scale)), (byte)volume.Scale);
            header.Kind = DerivedEventKind.Bar;
            header.Instrument = new InstrumentId(instrument);
            header.PriceDecimals = price;
            header.QuantityDecimals = quantity;
            header.Flags = (DerivedFlags)reader.GetInt32(8);
            bar.StartTimeNs = (reader.GetFieldValue<DateTime>(2).Ticks - DateTime.UnixEpoch.Ticks) * 100;
            bar.EndTimeNs = bar.StartTimeNs + timeframeNs;
            bar.TimeframeNs = timeframeNs;
            bar.High = Mantissa(high, price);
            bar.Low = Mantissa(low, price);
            bar.Close = Mantissa(close, price);
            bar.Open = bar.Close;
            bar.Volume = Mantissa(volume, quantity);
            bar.Turnover = (Int128)decimal.Round(turnover * Pow10(price + quantity));
            engine.OnBar(in header, in bar);
            bars++;
        }

        return bars;
    }

    private static long Mantissa(decimal value, int decimals) => (long)decimal.Round(value * Pow10(decimals));

    private static decimal Pow10(int decimals)
    {
        decimal power = 1m;
        for (int i = 0; i < decimals; i++)
        {
            power *= 10m;
        }

        return power;
    }
}
