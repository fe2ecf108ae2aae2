-- LowLatencyFeed schema, version 8: signals of a trained model (the research scoring stage).
--
-- A model signal has window_depth -1, side 1 BUY / -1 SELL / 0 HOLD, imbalance = P(BUY) - P(SELL); model_version is
-- the model's version (the first 8 bytes of the SHA-256 of its trees, as a number; the model file and the API show it
-- as 16 hex digits) and confidence the probability of the predicted class. Both are null for the imbalance rule's
-- signals (src/LowLatencyFeed.Research/README.md, "Live scoring").
ALTER TABLE llfeed.signals ADD COLUMN model_version bigint;
ALTER TABLE llfeed.signals ADD COLUMN confidence double precision;
