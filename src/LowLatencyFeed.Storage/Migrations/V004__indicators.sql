-- LowLatencyFeed schema, version 4: indicator values computed by the bar stage as each bar closes.
--
-- One row per indicator and closed bar. time = the bar's start (as in llfeed.bars); indicator = name and parameters,
-- e.g. 'rsi(14)', 'macd(12,26,9)', 'bollinger(20,2)', 'obv' (definitions: src/LowLatencyFeed.Processing/README.md);
-- seq = journal sequence of the event that closed the bar. exact_value holds the exact indicators (sma, wma, obv,
-- vwap) as numeric; value is the first output as double precision (for exact indicators the nearest double), value2
-- and value3 the further outputs (macd: signal, histogram; bollinger: upper, lower; adx: +DI, -DI; stochastic: %D;
-- supertrend: direction +1/-1), NULL when the indicator has fewer. flags: the bar's DerivedFlags.
-- Keyed like the bars, so a value written both live and by catch-up is stored once.
CREATE TABLE llfeed.indicators (
    time              timestamptz      NOT NULL,
    instrument_id     bigint           NOT NULL,
    timeframe_seconds integer          NOT NULL,
    indicator         text             NOT NULL,
    seq               bigint           NOT NULL,
    exact_value       numeric,
    value             double precision NOT NULL,
    value2            double precision,
    value3            double precision,
    flags             integer          NOT NULL,
    PRIMARY KEY (instrument_id, timeframe_seconds, indicator, time)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

--#if timescaledb
SELECT create_hypertable('llfeed.indicators', by_range('time', INTERVAL '7 days'), create_default_indexes => false);
ALTER TABLE llfeed.indicators SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id, timeframe_seconds, indicator', timescaledb.compress_orderby = 'time DESC');
SELECT add_compression_policy('llfeed.indicators', INTERVAL '14 days');
--#endif
