-- Embedding recipes (issue 15). An embedder's vectors depend on more than its weights: the crop (alignment template,
-- or dlib's face chip from a landmark net) and test-time flip averaging changed under the same model id. The recipe
-- fingerprint (shared/embedding-recipe.ts) is kept per model; NULL = unknown (a library scanned before recipes were
-- recorded), which counts as stale: its faces are re-embedded by the next scan, never compared with new vectors.
ALTER TABLE models ADD COLUMN recipe TEXT;

-- A photo whose faces (kept, with their names) still need embeddings of the model's current recipe: set for every
-- photo the model analysed when its stored embeddings were dropped for a new recipe, cleared as each one is embedded
-- again (a scan's pending work, so a stopped or crashed scan resumes where it was).
ALTER TABLE photo_analyses ADD COLUMN reembed INTEGER NOT NULL DEFAULT 0 CHECK (reembed IN (0, 1));
CREATE INDEX photo_analyses_reembed ON photo_analyses (model_id, photo_id) WHERE reembed = 1;

-- The recipe of the embeddings a head was trained on: a head applies only to vectors of that recipe. NULL (heads
-- trained before) = unknown: stale once the library's model has a known recipe.
ALTER TABLE embedding_heads ADD COLUMN recipe TEXT;
