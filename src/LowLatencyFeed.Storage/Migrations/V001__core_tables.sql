-- LowLatencyFeed schema, version 1: market-data tables, derived tables, ingestion bookkeeping.
--
-- One file serves both database flavours. Lines between "--#if timescaledb" and "--#endif" run only when the
-- timescaledb extension is used; lines between "--#if plain" and "--#endif" only on plain PostgreSQL, where the
-- time-series tables are range-partitioned by day and the host creates partitions ahead (PartitionMaintainer).
--
-- Conventions:
--   time         timestamptz of the event (exchange time; microsecond precision, every feed sends ms or coarser)
--   seq          journal sequence of the event the row came from: traces any row back to the journal; part of
--                every key so the same event can never be stored twice
--   prices, quantities: exact numeric, written from fixed-point mantissas

CREATE SCHEMA IF NOT EXISTS llfeed;

--#if timescaledb
CREATE EXTENSION IF NOT EXISTS timescaledb;
--#endif

CREATE TABLE llfeed.instruments (
    instrument_id     bigint      PRIMARY KEY,          -- feed << 56 | native token
    feed              smallint    NOT NULL,
    token             bigint      NOT NULL,
    symbol            text,
    price_decimals    smallint    NOT NULL,
    quantity_decimals smallint    NOT NULL,
    first_seen        timestamptz NOT NULL,
    first_seq         bigint      NOT NULL
);

-- Ticker snapshots (Kite/Dhan/Kotak quotes, Binance 24h ticker). Absent fields are NULL (see fields, a TickFields mask).
CREATE TABLE llfeed.ticks (
    time                timestamptz NOT NULL,
    instrument_id       bigint      NOT NULL,
    seq                 bigint      NOT NULL,
    receive_time        timestamptz NOT NULL,
    flags               integer     NOT NULL,
    fields              integer     NOT NULL,
    last_price          numeric,
    last_quantity       numeric,
    average_price       numeric,
    volume              numeric,                        -- cumulative session volume
    total_buy_quantity  numeric,
    total_sell_quantity numeric,
    open                numeric,
    high                numeric,
    low                 numeric,
    close               numeric,
    open_interest       numeric,
    last_trade_time     timestamptz,
    net_change          numeric,
    PRIMARY KEY (instrument_id, time, seq)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- Discrete trades (ticks flagged IsTrade: Binance trade/aggTrade).
CREATE TABLE llfeed.trades (
    time             timestamptz NOT NULL,
    instrument_id    bigint      NOT NULL,
    seq              bigint      NOT NULL,
    receive_time     timestamptz NOT NULL,
    price            numeric     NOT NULL,
    quantity         numeric     NOT NULL,
    trade_id         bigint,
    seller_aggressor boolean     NOT NULL,
    PRIMARY KEY (instrument_id, time, seq)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- Best bid and offer.
CREATE TABLE llfeed.quotes (
    time          timestamptz NOT NULL,
    instrument_id bigint      NOT NULL,
    seq           bigint      NOT NULL,
    receive_time  timestamptz NOT NULL,
    bid_price     numeric     NOT NULL,
    bid_quantity  numeric     NOT NULL,
    ask_price     numeric     NOT NULL,
    ask_quantity  numeric     NOT NULL,
    bid_orders    integer     NOT NULL,
    ask_orders    integer     NOT NULL,
    update_id     bigint      NOT NULL,
    PRIMARY KEY (instrument_id, time, seq)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- Order book levels as sent (up to 200 per side), one row per level. side: 0 bid, 1 ask; level: 1 = best.
-- update_kind: 0 snapshot, 1 bid-side snapshot, 2 ask-side snapshot, 3 diff (quantity 0 removes the price).
-- Keyed by (time, instrument, side, level) plus seq: two updates of one book can share an exchange timestamp.
CREATE TABLE llfeed.depth_levels_200 (
    time          timestamptz NOT NULL,
    instrument_id bigint      NOT NULL,
    side          smallint    NOT NULL,
    level         smallint    NOT NULL,
    seq           bigint      NOT NULL,
    update_kind   smallint    NOT NULL,
    price         numeric     NOT NULL,
    quantity      numeric     NOT NULL,
    orders        integer     NOT NULL,
    PRIMARY KEY (instrument_id, time, side, level, seq)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- OHLCV bars from the bar builder. time = bar open; seq = journal sequence of the event that completed the bar
-- (the trade that rolled it or the clock event that closed it). A revised bar replaces its row.
-- flags: DerivedFlags (1 gap-affected, 2 flat, 4 revised, 8 partial, 16 price-only, 32 volume reset, 64 closed by clock).
CREATE TABLE llfeed.bars (
    time              timestamptz NOT NULL,
    instrument_id     bigint      NOT NULL,
    timeframe_seconds integer     NOT NULL,
    seq               bigint      NOT NULL,
    open              numeric     NOT NULL,
    high              numeric     NOT NULL,
    low               numeric     NOT NULL,
    close             numeric     NOT NULL,
    volume            numeric     NOT NULL,
    turnover          numeric     NOT NULL,                -- exact sum of price x quantity; vwap = turnover / volume
    vwap              numeric,                             -- rounded to the price scale; NULL without volume
    trade_count       integer     NOT NULL,
    flags             integer     NOT NULL,
    PRIMARY KEY (instrument_id, timeframe_seconds, time)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- Book metrics from the book builder, one row per book update. Prices and quantities exact; the imbalances
-- ((bid qty - ask qty) / (bid qty + ask qty), in [-1, 1]) are ratios and stored as double precision.
-- flags: DerivedFlags (256 crossed, 512 one-sided, 1024 stale, 2048 inconsistent update).
CREATE TABLE llfeed.book_metrics (
    time            timestamptz      NOT NULL,
    instrument_id   bigint           NOT NULL,
    seq             bigint           NOT NULL,
    best_bid        numeric,                              -- NULL when the side is empty
    best_ask        numeric,
    best_bid_qty    numeric,
    best_ask_qty    numeric,
    spread          numeric,                              -- NULL when one-sided
    mid             numeric,
    microprice      numeric,
    bid_quantity    numeric          NOT NULL,            -- over every level held
    ask_quantity    numeric          NOT NULL,
    bid_levels      integer          NOT NULL,
    ask_levels      integer          NOT NULL,
    imbalance       double precision NOT NULL,            -- over every level held
    window_depth    integer,                              -- first configured imbalance window (levels per side, 0 = all)
    window_imbalance double precision,
    flags           integer          NOT NULL,
    PRIMARY KEY (instrument_id, time, seq)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- Depth signal transitions: side 1 buy, -1 sell, 0 flat (signal ended).
CREATE TABLE llfeed.signals (
    time            timestamptz      NOT NULL,
    instrument_id   bigint           NOT NULL,
    seq             bigint           NOT NULL,
    window_depth    integer          NOT NULL,
    side            smallint         NOT NULL,
    previous_side   smallint         NOT NULL,
    imbalance       double precision NOT NULL,
    threshold       double precision NOT NULL,
    bid_quantity    numeric          NOT NULL,
    ask_quantity    numeric          NOT NULL,
    best_bid        numeric,
    best_ask        numeric,
    condition_since timestamptz      NOT NULL,
    flags           integer          NOT NULL,
    PRIMARY KEY (instrument_id, time, seq, window_depth)
)
--#if plain
PARTITION BY RANGE (time)
--#endif
;

-- One row per table stream: every row of that table from journal events up to last_seq is committed.
-- Updated in the same transaction as the COPY, so rows and checkpoint can never disagree.
CREATE TABLE llfeed.ingestion_checkpoints (
    stream     text        PRIMARY KEY,
    last_seq   bigint      NOT NULL,
    rows_total bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per committed batch: what was written, from where (live ring or journal catch-up), how fast.
CREATE TABLE llfeed.ingestion_stats (
    time        timestamptz NOT NULL DEFAULT now(),
    stream      text        NOT NULL,
    mode        text        NOT NULL,                  -- 'live' or 'catch-up'
    rows        integer     NOT NULL,
    first_seq   bigint      NOT NULL,
    last_seq    bigint      NOT NULL,
    duration_us bigint      NOT NULL
);
CREATE INDEX ingestion_stats_time_idx ON llfeed.ingestion_stats (time);

--#if timescaledb
-- Chunk intervals sized so a chunk's indexes stay in memory at a few thousand events/s per table;
-- depth (up to 400 rows per event) gets the smallest chunks.
SELECT create_hypertable('llfeed.ticks',            by_range('time', INTERVAL '1 day'),  create_default_indexes => false);
SELECT create_hypertable('llfeed.trades',           by_range('time', INTERVAL '1 day'),  create_default_indexes => false);
SELECT create_hypertable('llfeed.quotes',           by_range('time', INTERVAL '1 day'),  create_default_indexes => false);
SELECT create_hypertable('llfeed.depth_levels_200', by_range('time', INTERVAL '1 hour'), create_default_indexes => false);
SELECT create_hypertable('llfeed.bars',             by_range('time', INTERVAL '7 days'), create_default_indexes => false);
SELECT create_hypertable('llfeed.book_metrics',     by_range('time', INTERVAL '1 day'),  create_default_indexes => false);
SELECT create_hypertable('llfeed.signals',          by_range('time', INTERVAL '7 days'), create_default_indexes => false);

-- Compression: one segment per instrument, newest first, once a chunk is no longer written live.
ALTER TABLE llfeed.ticks            SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id', timescaledb.compress_orderby = 'time DESC, seq DESC');
ALTER TABLE llfeed.trades           SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id', timescaledb.compress_orderby = 'time DESC, seq DESC');
ALTER TABLE llfeed.quotes           SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id', timescaledb.compress_orderby = 'time DESC, seq DESC');
ALTER TABLE llfeed.depth_levels_200 SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id, side', timescaledb.compress_orderby = 'time DESC, level, seq DESC');
ALTER TABLE llfeed.bars             SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id, timeframe_seconds', timescaledb.compress_orderby = 'time DESC');
ALTER TABLE llfeed.book_metrics     SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id', timescaledb.compress_orderby = 'time DESC, seq DESC');
ALTER TABLE llfeed.signals          SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument_id', timescaledb.compress_orderby = 'time DESC, seq DESC, window_depth');

SELECT add_compression_policy('llfeed.ticks',            INTERVAL '2 days');
SELECT add_compression_policy('llfeed.trades',           INTERVAL '2 days');
SELECT add_compression_policy('llfeed.quotes',           INTERVAL '2 days');
SELECT add_compression_policy('llfeed.depth_levels_200', INTERVAL '6 hours');
SELECT add_compression_policy('llfeed.bars',             INTERVAL '14 days');
SELECT add_compression_policy('llfeed.book_metrics',     INTERVAL '2 days');
SELECT add_compression_policy('llfeed.signals',          INTERVAL '14 days');

-- Retention: raw high-volume data ages out (the journal keeps the full history); bars and signals are kept.
SELECT add_retention_policy('llfeed.ticks',            INTERVAL '90 days');
SELECT add_retention_policy('llfeed.trades',           INTERVAL '90 days');
SELECT add_retention_policy('llfeed.quotes',           INTERVAL '30 days');
SELECT add_retention_policy('llfeed.depth_levels_200', INTERVAL '7 days');
SELECT add_retention_policy('llfeed.book_metrics',     INTERVAL '30 days');
--#endif
