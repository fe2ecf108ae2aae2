-- LowLatencyFeed schema: the brokers' instrument masters, one version per broker and trading day.
--
-- Written on a cold path after each successful master download (at start and on the daily schedule): all rows of one
-- (broker, valid_on) are replaced in a single transaction, so a day is either complete or absent and readers take the
-- newest valid_on of a broker. Older days stay: feed tokens are re-assigned after expiry (a token alone never names
-- an instrument across days), so (broker, valid_on, broker_key) is the key and history is kept by day.
-- Prices (strike, tick_size) are exact decimals in the instrument's currency, never paise.
CREATE TABLE llfeed.instrument_master (
    broker            text     NOT NULL,
    valid_on          date     NOT NULL,
    broker_key        text     NOT NULL,
    feed_token        bigint   NOT NULL,
    exchange          text     NOT NULL,
    segment           text     NOT NULL,
    symbol            text     NOT NULL,
    broker_symbol     text     NOT NULL,
    name              text     NOT NULL DEFAULT '',
    kind              text     NOT NULL,
    instrument_type   text     NOT NULL DEFAULT '',
    expiry            date,
    strike            numeric  NOT NULL DEFAULT 0,
    option_type       text     NOT NULL DEFAULT '',
    lot_size          bigint   NOT NULL,
    tick_size         numeric  NOT NULL,
    price_decimals    smallint NOT NULL,
    quantity_decimals smallint NOT NULL,
    tradable          boolean  NOT NULL,
    PRIMARY KEY (broker, valid_on, broker_key)
);

-- Operator look-ups by EXCHANGE:SYMBOL within a day.
CREATE INDEX instrument_master_symbol_idx ON llfeed.instrument_master (broker, valid_on, exchange, symbol);
