import { describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';

/** The hot queries of scanning, recognition and the UI, with the index each must use. */
const HOT_QUERIES: { sql: string; index: string }[] = [
  { sql: `SELECT id FROM files WHERE status = 'pending' AND id > 0 AND folder_id IN (1, 2) ORDER BY id LIMIT 256`, index: 'files_status' },
  { sql: `SELECT id, path, size, mtime_ms FROM files WHERE folder_id = 1`, index: 'files_folder_status' },
  { sql: `SELECT path FROM files WHERE photo_id = 1 AND status = 'ok'`, index: 'files_photo' },
  { sql: `SELECT id FROM files WHERE path = '/a/b.jpg'`, index: 'sqlite_autoindex_files_1' },
  { sql: `SELECT id FROM photos WHERE content_hash = 'abc'`, index: 'sqlite_autoindex_photos_1' },
  { sql: `SELECT * FROM faces WHERE photo_id = 1`, index: 'faces_photo' },
  { sql: `SELECT * FROM faces WHERE person_id = 1 AND assignment = 'confirmed'`, index: 'faces_person' },
  { sql: `SELECT id FROM faces WHERE person_id IS NULL AND low_quality = 0`, index: 'faces_unassigned' },
  { sql: `SELECT face_id, vector FROM face_embeddings WHERE model_id = 'm'`, index: 'PRIMARY KEY' },
  { sql: `SELECT vector FROM face_embeddings WHERE face_id = 1`, index: 'face_embeddings_face' },
  { sql: `SELECT person_id FROM face_rejections WHERE face_id = 1`, index: 'PRIMARY KEY' },
  { sql: `SELECT * FROM jobs WHERE state = 'running' AND kind = 'scan'`, index: 'jobs_state' },
  { sql: `SELECT id FROM people WHERE name = 'Ada' COLLATE NOCASE`, index: 'people_name' },
];

describe('query plans', () => {
  const db = openDatabase(':memory:');
  for (const { sql, index } of HOT_QUERIES) {
    it(`uses ${index}: ${sql}`, () => {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toContain(index);
      expect(plan).not.toMatch(/\bSCAN (files|photos|faces|face_embeddings|jobs|people)\b(?! USING)/);
    });
  }
});
