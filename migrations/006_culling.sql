-- Culling a shoot (issue 17). The sharpness measurement behind a face's quality score, so a culling view can rank
-- frames by it without saturating (the quality score's sharpness part stops growing at a variance of 250) and show
-- it on hover. NULL for faces found before this migration: they are ranked by their overall quality instead.
ALTER TABLE faces ADD COLUMN laplacian_variance REAL;

-- What the photographer decided about a photo: pick/reject flag and 0–5 stars. A photo without a row is unflagged
-- with no stars. Written to XMP (xmp:Rating, xmp:Label) through the write-back setting; this table is the source.
CREATE TABLE photo_culls (
  photo_id   INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  flag       TEXT CHECK (flag IN ('pick', 'reject')),
  rating     INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  updated_at INTEGER NOT NULL
);

-- A small perceptual hash of each photo's look (64-bit difference hash of its thumbnail, 16 hex digits), computed
-- when a culling view first needs it: frames taken close together that look alike form a burst.
CREATE TABLE photo_looks (
  photo_id     INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  dhash        TEXT NOT NULL
);
