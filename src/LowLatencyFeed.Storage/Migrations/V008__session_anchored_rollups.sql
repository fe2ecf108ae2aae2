-- LowLatencyFeed schema, version 9: the hourly and daily roll-ups anchored to the session, as the bar stage's bars.
--
-- The bar stage (src/LowLatencyFeed.Processing/README.md, TradingSession) counts intraday bars of Indian instruments
-- (feeds Kite 1, Dhan 2, Kotak 4: instrument_id >> 56) from the 09:15 IST open — hourly bars 09:15, 10:15 … — and
-- their days from IST midnight; crypto (Binance 3) from 00:00 UTC. Version 2's roll-ups counted every instrument
-- from UTC, so an Indian hour in llfeed.bars_1h ran 09:30–10:30 IST while the stage's ran 09:15–10:15. Both now use
-- the stage's anchors: 09:15 IST is 03:45 UTC, so Indian hours start at :45 UTC; IST midnight is 18:30 UTC.

--#if timescaledb
-- A continuous aggregate has one bucket expression: one aggregate per anchor, and the old names become views over
-- both (so queries of llfeed.bars_1h / bars_1d keep working). Dropping an aggregate drops its refresh policy.
DROP MATERIALIZED VIEW llfeed.bars_1h;
DROP MATERIALIZED VIEW llfeed.bars_1d;

CREATE MATERIALIZED VIEW llfeed.bars_1h_india WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', time, "offset" => INTERVAL '45 minutes') AS time,
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
WHERE timeframe_seconds = 60 AND (instrument_id >> 56) IN (1, 2, 4)
GROUP BY time_bucket(INTERVAL '1 hour', time, "offset" => INTERVAL '45 minutes'), instrument_id
WITH NO DATA;

CREATE MATERIALIZED VIEW llfeed.bars_1h_utc WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', time, "offset" => INTERVAL '0 minutes') AS time,
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
WHERE timeframe_seconds = 60 AND (instrument_id >> 56) NOT IN (1, 2, 4)
GROUP BY time_bucket(INTERVAL '1 hour', time, "offset" => INTERVAL '0 minutes'), instrument_id
WITH NO DATA;

CREATE MATERIALIZED VIEW llfeed.bars_1d_india WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 day', time, "offset" => INTERVAL '18 hours 30 minutes') AS time,
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
WHERE timeframe_seconds = 60 AND (instrument_id >> 56) IN (1, 2, 4)
GROUP BY time_bucket(INTERVAL '1 day', time, "offset" => INTERVAL '18 hours 30 minutes'), instrument_id
WITH NO DATA;

CREATE MATERIALIZED VIEW llfeed.bars_1d_utc WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 day', time, "offset" => INTERVAL '0 minutes') AS time,
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
WHERE timeframe_seconds = 60 AND (instrument_id >> 56) NOT IN (1, 2, 4)
GROUP BY time_bucket(INTERVAL '1 day', time, "offset" => INTERVAL '0 minutes'), instrument_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('llfeed.bars_1h_india', start_offset => INTERVAL '3 days',  end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('llfeed.bars_1h_utc',   start_offset => INTERVAL '3 days',  end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes');
SELECT add_continuous_aggregate_policy('llfeed.bars_1d_india', start_offset => INTERVAL '10 days', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 hour');
SELECT add_continuous_aggregate_policy('llfeed.bars_1d_utc',   start_offset => INTERVAL '10 days', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 hour');

CREATE VIEW llfeed.bars_1h AS
SELECT * FROM llfeed.bars_1h_india
UNION ALL
SELECT * FROM llfeed.bars_1h_utc;

CREATE VIEW llfeed.bars_1d AS
SELECT * FROM llfeed.bars_1d_india
UNION ALL
SELECT * FROM llfeed.bars_1d_utc;
--#endif

--#if plain
CREATE OR REPLACE VIEW llfeed.bars_1h AS
SELECT date_bin(INTERVAL '1 hour', time,
                CASE WHEN (instrument_id >> 56) IN (1, 2, 4) THEN TIMESTAMPTZ '2000-01-01 09:15:00+05:30'
                     ELSE TIMESTAMPTZ '2000-01-01 00:00:00+00' END) AS time,
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

CREATE OR REPLACE VIEW llfeed.bars_1d AS
SELECT date_bin(INTERVAL '1 day', time,
                CASE WHEN (instrument_id >> 56) IN (1, 2, 4) THEN TIMESTAMPTZ '2000-01-01 00:00:00+05:30'
                     ELSE TIMESTAMPTZ '2000-01-01 00:00:00+00' END) AS time,
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
