-- A failed analysis is either for good (the file itself does not decode) or worth another try (a worker crashed, a
-- task timed out, a GPU provider or a network share failed): `retry` marks the latter, and such a photo stays
-- pending, so the next scan analyses it again.
ALTER TABLE photo_analyses ADD COLUMN retry INTEGER NOT NULL DEFAULT 0 CHECK (retry IN (0, 1));
-- Failures recorded before could not tell the two apart: each gets one more try (a decode error is recorded again).
UPDATE photo_analyses SET retry = 1 WHERE error IS NOT NULL;

-- Whether the names other tools wrote into the photo (XMP face regions) were imported after this analysis: a scan
-- stopped between analysis and names leaves them to the next one. Analyses recorded before were followed by their
-- import in the same scan, as far as anyone can tell now: taken as done, rather than re-reading every photo.
ALTER TABLE photo_analyses ADD COLUMN names_imported INTEGER NOT NULL DEFAULT 0 CHECK (names_imported IN (0, 1));
UPDATE photo_analyses SET names_imported = 1 WHERE error IS NULL;
