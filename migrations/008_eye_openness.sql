-- Eyes open or closed, for the culling view's "best frame first": the eye aspect ratio of the landmark net's 68
-- points (app/vision/eye-openness.ts), measured while the face is analysed. NULL when not measured: faces found
-- before this migration, embedders without the landmark stage, drawn faces without a detection, and faces turned too
-- far for the eyelids to be placed.
ALTER TABLE faces ADD COLUMN eye_openness REAL;
