-- Trained heads on top of an embedding model: local fine-tuning (triplet loss on the user's labeled faces) and
-- harmonic maps from one model's space into another's. Raw embeddings are never changed: an active head's
-- projections are stored under a derived model id, so switching a head off loses nothing.
CREATE TABLE embedding_heads (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('fine-tune', 'harmonic')),
  model_id        TEXT NOT NULL,
  target_model_id TEXT NOT NULL,
  version         INTEGER NOT NULL,
  head            TEXT NOT NULL,
  thresholds      TEXT NOT NULL,
  metrics         TEXT NOT NULL,
  active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at      INTEGER NOT NULL,
  UNIQUE (kind, model_id, version)
);
CREATE UNIQUE INDEX embedding_heads_one_active ON embedding_heads (kind, model_id) WHERE active = 1;
