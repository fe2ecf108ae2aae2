-- LowLatencyFeed schema: subscriptions changed at runtime (POST/DELETE /api/feeds/{name}/subscriptions).
--
-- One row per feed and instrument that an operator subscribed, re-moded or unsubscribed while the host ran. At start
-- the host applies these rows over the configured instruments: subscribed = true adds the instrument (or sets its
-- mode), subscribed = false removes it. A configured instrument without a row keeps its configured mode, so editing
-- the configuration still works. The journal records when each change happened (control events 9-11).
CREATE TABLE llfeed.feed_subscriptions (
    feed              text        NOT NULL,
    instrument_id     bigint      NOT NULL,
    token             bigint      NOT NULL,
    symbol            text        NOT NULL DEFAULT '',
    segment           text        NOT NULL DEFAULT '',
    mode              text        NOT NULL,
    price_decimals    smallint    NOT NULL,
    quantity_decimals smallint    NOT NULL,
    subscribed        boolean     NOT NULL,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed, instrument_id)
);
