-- Face regions imported from image metadata (MWG, Microsoft, IPTC) that contradict what the user already confirmed.
-- They are never applied silently: they wait here for the review queue. kind: confirmed_to_other (the face is
-- confirmed as someone else), rejected_by_user (the user said this face is not that person), person_already_in_photo
-- (that person is confirmed on another face of the photo; a photo shows a person once). face_id is the existing face
-- the region collides with; the region's own box (displayed-image pixels) is kept so the review can show it.
CREATE TABLE metadata_conflicts (
  id                INTEGER PRIMARY KEY,
  photo_id          INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  face_id           INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('confirmed_to_other', 'rejected_by_user', 'person_already_in_photo')),
  region_name       TEXT NOT NULL,
  current_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  box_x             REAL NOT NULL,
  box_y             REAL NOT NULL,
  box_w             REAL NOT NULL,
  box_h             REAL NOT NULL,
  source_path       TEXT NOT NULL,
  region_format     TEXT NOT NULL CHECK (region_format IN ('mwg', 'mp', 'iptc')),
  created_at        INTEGER NOT NULL,
  resolved_at       INTEGER
);
-- One conflict per face and name, open or resolved: importing the same file again neither queues it twice nor
-- brings back one the user already settled.
CREATE UNIQUE INDEX metadata_conflicts_face_name ON metadata_conflicts (face_id, region_name COLLATE NOCASE);
CREATE INDEX metadata_conflicts_open ON metadata_conflicts (photo_id) WHERE resolved_at IS NULL;
