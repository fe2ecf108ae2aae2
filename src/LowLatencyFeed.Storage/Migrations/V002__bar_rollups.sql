-- LowLatencyFeed schema, version 2: higher bar timeframes rolled up from the 1-minute bars.
-- TimescaleDB: continuous aggregates refreshed by policies. Plain PostgreSQL: views with the same names and columns.
-- The bar builder also writes its own 5m..1d bars into llfeed.bars; these rollups serve dashboards that want
-- them from one source, and work for instruments whose higher timeframes were not configured.

--#if timescaledb
CREATE MATERIALIZED VIEW llfeed.bars_1h WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS time,
       instrument_id,
       first(open, time) AS open,
       max(high)         AS high,
       min(low)          AS low,
       last(close, time) AS close,
       sum(volume)       AS volume,
       sum(turnover)     AS turnover,
       sum(trade_count)  AS trade_count,
       max(seq)          AS last_seq
FROM llfeed.bars
WHERE timeframe_seconds = 60
GROUP BY time_bucket(INTERVAL '1 hour', time), instrument_id
WITH NO DATA;

CREATE MATERIALIZED VIEW llfeed.bars_1d WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 day', time) AS time,
       instrument_id,
       first(open, time) AS open,
       max(high)         AS high,
       min(low)          AS low,
       last(close, time) AS close,
       sum(volume)       AS volume,
       sum(turnover)     AS turnover,
       sum(trade_count)  AS trade_count,
       max(seq)          AS last_seq
FROM llfeed.bars
WHERE timeframe_seconds = 60
GROUP BY time_bucket(INTERVAL '1 day', time), instrument_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('llfeed.bars_1h', start_offset => INTERVAL '3 days',  end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('llfeed.bars_1d', start_offset => INTERVAL '10 days', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 hour');
--#endif

--#if plain
CREATE VIEW llfeed.bars_1h AS
SELECT date_bin(INTERVAL '1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS time,
       instrument_id,
       (array_agg(open ORDER BY time))[1]       AS open,
       max(high)                                AS high,
       min(low)                                 AS low,
       (array_agg(close ORDER BY time DESC))[1] AS close,
       sum(volume)                              AS volume,
       sum(turnover)                            AS turnover,
       sum(trade_count)                         AS trade_count,
       max(seq)                                 AS last_seq
FROM llfeed.bars
WHERE timeframe_seconds = 60
GROUP BY 1, instrument_id;

CREATE VIEW llfeed.bars_1d AS
SELECT date_bin(INTERVAL '1 day', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS time,
       instrument_id,
       (array_agg(open ORDER BY time))[1]       AS open,
       max(high)                                AS high,
       min(low)                                 AS low,
       (array_agg(close ORDER BY time DESC))[1] AS close,
       sum(volume)                              AS volume,
       sum(turnover)                            AS turnover,
       sum(trade_count)                         AS trade_count,
       max(seq)                                 AS last_seq
FROM llfeed.bars
WHERE timeframe_seconds = 60
GROUP BY 1, instrument_id;
--#endif
