-- LowLatencyFeed schema, version 10: the hourly and daily roll-ups anchored per exchange, as the bar stage's bars.
--
-- The bar stage anchors each instrument to its exchange segment's open (src/LowLatencyFeed.Processing/README.md,
-- "Sessions by exchange segment"): NSE, BSE, NFO, BFO hours from 09:15 IST; MCX, CDS, BCD hours from 09:00 IST; both
-- on IST days; BINANCE on UTC hours and days. An instrument whose exchange is not known keeps its feed's default
-- (Kite 1, Dhan 2, Kotak 4: 09:15 IST and IST days; others UTC). Version 9 anchored by feed alone, so an MCX hour in
-- llfeed.bars_1h ran 09:15–10:15 IST while the stage's ran 09:00–10:00.
--
-- The exchange of an instrument comes from the stored instrument masters (llfeed.instrument_master, V006), the same
-- rows the host's stage resolves its sessions from: a trigger keeps llfeed.instrument_sessions (one row per
-- instrument_id = feed << 56 | feed token) current with every master day written.
--
-- A continuous aggregate has one constant bucket origin, so it cannot anchor per instrument. Every anchor used here
-- lies on the UTC quarter-hour grid (09:15 IST = 03:45 UTC, 09:00 IST = 03:30 UTC, IST midnight = 18:30 UTC), so one
-- 15-minute roll-up (llfeed.bars_15m: a continuous aggregate on TimescaleDB, a view on plain PostgreSQL) holds every
-- hour and day exactly, and llfeed.bars_1h / bars_1d are views that group its quarters by each instrument's origin.
-- The same two view definitions serve both flavours.

DROP VIEW llfeed.bars_1h;
DROP VIEW llfeed.bars_1d;

-- The session grid of each exchange: an hourly bar starts at hour_origin + k hours, a day at day_origin + k days
-- (TradingSession.ForExchange).
CREATE TABLE llfeed.exchange_sessions (
    exchange    text        PRIMARY KEY,
    hour_origin timestamptz NOT NULL,
    day_origin  timestamptz NOT NULL
);

INSERT INTO llfeed.exchange_sessions (exchange, hour_origin, day_origin) VALUES
    ('NSE',     TIMESTAMPTZ '2000-01-03 09:15:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('BSE',     TIMESTAMPTZ '2000-01-03 09:15:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('NFO',     TIMESTAMPTZ '2000-01-03 09:15:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('BFO',     TIMESTAMPTZ '2000-01-03 09:15:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('MCX',     TIMESTAMPTZ '2000-01-03 09:00:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('CDS',     TIMESTAMPTZ '2000-01-03 09:00:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('BCD',     TIMESTAMPTZ '2000-01-03 09:00:00+05:30', TIMESTAMPTZ '2000-01-03 00:00:00+05:30'),
    ('BINANCE', TIMESTAMPTZ '2000-01-03 00:00:00+00',    TIMESTAMPTZ '2000-01-03 00:00:00+00');

-- The grid of each instrument the masters list under a known exchange. Null origins: the token is listed under
-- exchanges of different grids (ambiguous, as ExchangeSessionMap treats it), so the feed's default applies. valid_on is
-- the master day the row came from: a newer day replaces it, an older one does not; instruments that left the master
-- (expired contracts) keep their row, so their history keeps its anchor.
CREATE TABLE llfeed.instrument_sessions (
    instrument_id bigint      PRIMARY KEY,
    valid_on      date        NOT NULL,
    hour_origin   timestamptz,
    day_origin    timestamptz
);

CREATE FUNCTION llfeed.record_instrument_sessions(p_broker text, p_valid_on date) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO llfeed.instrument_sessions (instrument_id, valid_on, hour_origin, day_origin)
    SELECT (CASE m.broker WHEN 'Kite' THEN 1 WHEN 'Dhan' THEN 2 WHEN 'Kotak' THEN 4 ELSE 3 END::bigint << 56)
               | (m.feed_token & 72057594037927935),
           p_valid_on,
           CASE WHEN count(DISTINCT (s.hour_origin, s.day_origin)) = 1 THEN min(s.hour_origin) END,
           CASE WHEN count(DISTINCT (s.hour_origin, s.day_origin)) = 1 THEN min(s.day_origin) END
    FROM llfeed.instrument_master m
    JOIN llfeed.exchange_sessions s ON s.exchange = upper(m.exchange)
    WHERE m.broker = p_broker AND m.valid_on = p_valid_on
    GROUP BY 1
    ON CONFLICT (instrument_id) DO UPDATE
        SET valid_on = EXCLUDED.valid_on, hour_origin = EXCLUDED.hour_origin, day_origin = EXCLUDED.day_origin
        WHERE llfeed.instrument_sessions.valid_on <= EXCLUDED.valid_on;
$$;

CREATE FUNCTION llfeed.instrument_master_written() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    written_day record;
BEGIN
    FOR written_day IN SELECT DISTINCT broker, valid_on FROM written ORDER BY valid_on LOOP
        PERFORM llfeed.record_instrument_sessions(written_day.broker, written_day.valid_on);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER instrument_master_sessions AFTER INSERT ON llfeed.instrument_master
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION llfeed.instrument_master_written();

-- Masters stored before this version, oldest day first so the newest wins.
SELECT llfeed.record_instrument_sessions(broker, valid_on)
FROM (SELECT DISTINCT broker, valid_on FROM llfeed.instrument_master) AS days
ORDER BY valid_on;

--#if timescaledb
-- Dropping an aggregate drops its refresh policy. The 15-minute aggregate refreshes ten days back, the window the daily
-- roll-up had.
DROP MATERIALIZED VIEW llfeed.bars_1h_india;
DROP MATERIALIZED VIEW llfeed.bars_1h_utc;
DROP MATERIALIZED VIEW llfeed.bars_1d_india;
DROP MATERIALIZED VIEW llfeed.bars_1d_utc;

CREATE MATERIALIZED VIEW llfeed.bars_15m WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '15 minutes', time) AS time,
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
GROUP BY time_bucket(INTERVAL '15 minutes', time), instrument_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('llfeed.bars_15m', start_offset => INTERVAL '10 days', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes');
--#endif

--#if plain
CREATE VIEW llfeed.bars_15m AS
SELECT date_bin(INTERVAL '15 minutes', time, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS time,
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

-- Each quarter with its instrument's grid: the exchange's, else the feed's default (TradingSession.ForInstrument).
CREATE VIEW llfeed.bars_15m_anchored AS
SELECT q.*,
       COALESCE(s.hour_origin, CASE WHEN (q.instrument_id >> 56) IN (1, 2, 4) THEN TIMESTAMPTZ '2000-01-03 09:15:00+05:30'
                                    ELSE TIMESTAMPTZ '2000-01-03 00:00:00+00' END) AS hour_origin,
       COALESCE(s.day_origin,  CASE WHEN (q.instrument_id >> 56) IN (1, 2, 4) THEN TIMESTAMPTZ '2000-01-03 00:00:00+05:30'
                                    ELSE TIMESTAMPTZ '2000-01-03 00:00:00+00' END) AS day_origin
FROM llfeed.bars_15m q
LEFT JOIN llfeed.instrument_sessions s ON s.instrument_id = q.instrument_id;

-- An hour never crosses the session day's start, as in the stage: 00:00–00:15 IST is its own bar for a 09:15 grid.
CREATE VIEW llfeed.bars_1h AS
SELECT greatest(date_bin(INTERVAL '1 hour', time, hour_origin), date_bin(INTERVAL '1 day', time, day_origin)) AS time,
       instrument_id,
       (array_agg(open ORDER BY time))[1]                  AS open,
       max(high)                                           AS high,
       min(low)                                            AS low,
       (array_agg(close ORDER BY time DESC))[1]            AS close,
       sum(volume)                                         AS volume,
       sum(turnover)                                       AS turnover,
       sum(trade_count)::bigint                            AS trade_count,
       max(last_seq)                                       AS last_seq
FROM llfeed.bars_15m_anchored
GROUP BY 1, instrument_id;

CREATE VIEW llfeed.bars_1d AS
SELECT date_bin(INTERVAL '1 day', time, day_origin)       AS time,
       instrument_id,
       (array_agg(open ORDER BY time))[1]                  AS open,
       max(high)                                           AS high,
       min(low)                                            AS low,
       (array_agg(close ORDER BY time DESC))[1]            AS close,
       sum(volume)                                         AS volume,
       sum(turnover)                                       AS turnover,
       sum(trade_count)::bigint                            AS trade_count,
       max(last_seq)                                       AS last_seq
FROM llfeed.bars_15m_anchored
GROUP BY 1, instrument_id;
