import type { Database } from 'better-sqlite3';
import { FaceRepository } from '../db/face-repository.js';
import { PhotoRepository } from '../db/photo-repository.js';

/** Inserts a photo with `faceCount` detected faces (for people tests that need rows, not pixels). */
export function insertPhotoWithFaces(db: Database, key: string, faceCount: number): { photoId: number; faceIds: number[] } {
  const photoId = new PhotoRepository(db).upsert({
    contentHash: `hash-${key}`,
    format: 'jpeg',
    width: 1000,
    height: 800,
    orientation: 1,
    takenAt: null,
    camera: null,
  });
  const faces = new FaceRepository(db);
  const faceIds = Array.from({ length: faceCount }, (_, i) =>
    faces.insert(photoId, {
      source: 'detected',
      detectorId: null,
      box: { x: 100 * i, y: 100, width: 80, height: 80 },
      landmarks: null,
      detectorScore: 0.9,
      quality: 0.8,
      lowQuality: false,
    }),
  );
  return { photoId, faceIds };
}
