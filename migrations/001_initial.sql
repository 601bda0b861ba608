-- Kindred's schema. SQLite is the source of truth: every derived structure (HNSW files, thumbnails,
-- clusters) can be rebuilt from these tables.

-- Key/value settings; values are JSON.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Embedding and detection models this library has used (ids come from native-models/manifest.json).
CREATE TABLE models (
  id             TEXT PRIMARY KEY,
  role           TEXT NOT NULL CHECK (role IN ('detector', 'embedder')),
  sha256         TEXT NOT NULL,
  embedding_size INTEGER,
  registered_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- People: named persons and unnamed groups (name IS NULL) found by clustering.
CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  name          TEXT,
  cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL,
  hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX people_name ON people (name COLLATE NOCASE) WHERE name IS NOT NULL;

-- Folders the user asked Kindred to watch. A folder may be marked "album = person" for training.
CREATE TABLE folders (
  id              INTEGER PRIMARY KEY,
  path            TEXT NOT NULL UNIQUE,
  album_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  added_at        INTEGER NOT NULL,
  last_scan_at    INTEGER
);

-- A photo is one distinct image content (by content hash). Faces and labels hang on the photo, so a moved,
-- renamed or copied file keeps them. Width/height are of the displayed (EXIF-oriented) image.
CREATE TABLE photos (
  id           INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  format       TEXT NOT NULL,
  width        INTEGER NOT NULL,
  height       INTEGER NOT NULL,
  orientation  INTEGER NOT NULL DEFAULT 1,
  taken_at     INTEGER,
  camera       TEXT,
  created_at   INTEGER NOT NULL
);
CREATE INDEX photos_taken_at ON photos (taken_at);

-- A file on disk. Status: pending (listed, not read yet: the resume point after a crash), ok, error (unreadable,
-- corrupt, too large...), unsupported (a format this platform cannot decode), missing (vanished from disk).
CREATE TABLE files (
  id         INTEGER PRIMARY KEY,
  folder_id  INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  path       TEXT NOT NULL UNIQUE,
  size       INTEGER NOT NULL,
  mtime_ms   INTEGER NOT NULL,
  photo_id   INTEGER REFERENCES photos(id) ON DELETE SET NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'error', 'unsupported', 'missing')),
  error      TEXT,
  scanned_at INTEGER
);
CREATE INDEX files_folder_status ON files (folder_id, status);
CREATE INDEX files_photo ON files (photo_id);
CREATE INDEX files_status ON files (status);

-- Which photos have been analysed by which detector + embedder (so rescans skip them).
CREATE TABLE photo_analyses (
  photo_id    INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  model_id    TEXT NOT NULL REFERENCES models(id),
  detector_id TEXT NOT NULL REFERENCES models(id),
  face_count  INTEGER NOT NULL,
  analysed_at INTEGER NOT NULL,
  error       TEXT,
  PRIMARY KEY (photo_id, model_id)
) WITHOUT ROWID;

-- A face found in a photo (by a detector, drawn by hand, or imported from metadata). Geometry is in pixels of the
-- displayed image. The person assignment lives on the face, independent of any embedding model, so switching
-- models never loses a name. assignment: auto (recognised under the strict threshold), suggested (awaiting review),
-- confirmed (by the user; automation never changes it); NULL = unknown.
CREATE TABLE faces (
  id             INTEGER PRIMARY KEY,
  photo_id       INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  source         TEXT NOT NULL CHECK (source IN ('detected', 'manual', 'imported')),
  detector_id    TEXT REFERENCES models(id),
  box_x          REAL NOT NULL,
  box_y          REAL NOT NULL,
  box_w          REAL NOT NULL,
  box_h          REAL NOT NULL,
  landmarks      TEXT,
  detector_score REAL,
  quality        REAL,
  low_quality    INTEGER NOT NULL DEFAULT 0 CHECK (low_quality IN (0, 1)),
  person_id      INTEGER REFERENCES people(id) ON DELETE SET NULL,
  assignment     TEXT CHECK (assignment IN ('auto', 'suggested', 'confirmed')),
  confidence     REAL,
  assigned_at    INTEGER,
  created_at     INTEGER NOT NULL,
  CHECK ((person_id IS NULL) = (assignment IS NULL))
);
CREATE INDEX faces_photo ON faces (photo_id);
CREATE INDEX faces_person ON faces (person_id, assignment);
CREATE INDEX faces_unassigned ON faces (low_quality) WHERE person_id IS NULL;

-- One embedding per face and model: little-endian float32, L2-normalised. Never compared across models.
CREATE TABLE face_embeddings (
  face_id  INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES models(id),
  vector   BLOB NOT NULL,
  PRIMARY KEY (model_id, face_id)
) WITHOUT ROWID;
CREATE INDEX face_embeddings_face ON face_embeddings (face_id);

-- Pairwise constraints between faces: must_link (confirmed together), cannot_link (the user said "not the same").
-- Faces of one photo are cannot-linked implicitly and are not stored here.
CREATE TABLE face_links (
  face_a     INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  face_b     INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('must_link', 'cannot_link')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (face_a, face_b),
  CHECK (face_a < face_b)
) WITHOUT ROWID;
CREATE INDEX face_links_b ON face_links (face_b);

-- "This face is not that person": never suggested again.
CREATE TABLE face_rejections (
  face_id    INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (face_id, person_id)
) WITHOUT ROWID;
CREATE INDEX face_rejections_person ON face_rejections (person_id);

-- "These two people/groups are not the same": that merge is never suggested again.
CREATE TABLE person_rejections (
  person_a   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  person_b   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (person_a, person_b),
  CHECK (person_a < person_b)
) WITHOUT ROWID;

-- Long-running work (scan, analyse, cluster, train). A job left 'running' by a crash is resumed on next start.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'cancelled', 'done', 'failed')),
  params      TEXT NOT NULL DEFAULT '{}',
  progress    TEXT,
  error       TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX jobs_state ON jobs (state, kind);

-- People operations the user can undo: each row keeps what the operation changed, as it was before.
CREATE TABLE people_operations (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  summary    TEXT NOT NULL,
  before     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  undone_at  INTEGER
);
