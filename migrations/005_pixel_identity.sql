-- A photo's content identity that metadata edits leave alone: Lightroom, digiKam or `exiftool -Rating=3` rewrite a
-- file's bytes but not its image, so the hash of the whole file (content_hash, kept: thumbnails and previews are
-- named by it) would make such a file a new photo and strand its faces and names. pixel_hash hashes the image data
-- only (library/pixel-identity.ts). Photos catalogued before have none: each takes one the next time one of its
-- files is read (a changed file re-keys its photo in place, see library/catalogue.ts).
ALTER TABLE photos ADD COLUMN pixel_hash TEXT;
CREATE UNIQUE INDEX photos_pixel_hash ON photos (pixel_hash) WHERE pixel_hash IS NOT NULL;

-- Set when a photo's file now shows other pixels (a crop, a rotation, a retouch): the displayed size of the image its
-- faces were found on, whose boxes no longer fit. The next analysis detects afresh, carries confirmed names and
-- rejections over to the new faces that match the old ones, drops the old faces and clears these (NULL: faces fit).
ALTER TABLE photos ADD COLUMN stale_faces_width INTEGER;
ALTER TABLE photos ADD COLUMN stale_faces_height INTEGER;
