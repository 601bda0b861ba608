import type { Face } from '../../db/face-repository.js';
import type { FaceDto } from '../contract/common-types.js';

/** A stored face as the API shows it (geometry, quality and who it is; no landmarks or embedding). */
export function toFaceDto(f: Face): FaceDto {
  return { id: f.id, photoId: f.photoId, box: f.box, source: f.source, quality: f.quality, lowQuality: f.lowQuality, personId: f.personId, assignment: f.assignment, confidence: f.confidence };
}
