-- LowLatencyFeed schema, version 6: bars filled from the brokers' historical candles (llfeed backfill).
--
-- bars.source says where a bar came from: 'live' (the bar stage, every existing row) or 'backfill' (a broker's
-- historical candle). Which row wins for one interval (src/LowLatencyFeed.Storage/README.md, "Backfill"): a complete
-- live bar, else a backfilled bar, else an incomplete live bar (flags gap-affected 1 or partial 8). A backfilled bar
-- carries seq 0 (no journal event made it).
ALTER TABLE llfeed.bars ADD COLUMN source text NOT NULL DEFAULT 'live';
ALTER TABLE llfeed.bars ADD CONSTRAINT bars_source_check CHECK (source IN ('live', 'backfill'));

-- Where each backfill job stands, committed with each chunk of bars it writes: a job that is run again (after a crash
-- or by hand) over a range this row covers resumes at done_through instead of fetching again. One row per broker,
-- instrument and timeframe; from_time .. done_through (exclusive) is written.
CREATE TABLE llfeed.backfill_progress (
    broker            text        NOT NULL,
    instrument_id     bigint      NOT NULL,
    timeframe_seconds integer     NOT NULL,
    from_time         timestamptz NOT NULL,
    to_time           timestamptz NOT NULL,
    done_through      timestamptz NOT NULL,
    bars_written      bigint      NOT NULL DEFAULT 0,
    candles_rejected  bigint      NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (broker, instrument_id, timeframe_seconds)
);
