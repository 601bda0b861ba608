/** Implements the photos part of the contract. */
import { FaceRepository } from '../db/face-repository.js';
import { addDrawnFace, DrawnFaceError } from '../library/add-drawn-face.js';
import { refreshPeople } from '../people/refresh-people.js';
import { loadManifest, type EmbedderEntry } from '../vision/model-manifest.js';
import { ApiError, type ApiErrorCode } from './api-error.js';
import { chosenEmbedder } from './chosen-embedder.js';
import type { HandlersFor } from './contract-kit.js';
import { toFaceDto } from './face-dto.js';
import type { photosMethods } from './photos-contract.js';
import type { ServiceContext } from './service-context.js';

const DRAWN_FACE_ERRORS: Record<DrawnFaceError['reason'], ApiErrorCode> = {
  no_photo: 'not_found',
  bad_box: 'invalid_input',
  unreadable: 'conflict',
  already_marked: 'conflict',
};

export function photosHandlers(ctx: ServiceContext): HandlersFor<typeof photosMethods> {
  const faces = new FaceRepository(ctx.library.db);
  /** Brings recognition and the index up to date now; while a scan runs, its own people phase does it. */
  const refreshPeopleUnlessScanning = async (embedder: EmbedderEntry) => {
    if (!ctx.jobs.current()) await refreshPeople(ctx.library, embedder);
  };
  return {
    'photos.list': ({ offset, limit }) => ctx.queries.photos(offset, limit),
    'photos.get': ({ photoId }) => {
      const photo = ctx.queries.photo(photoId);
      if (!photo) throw new ApiError('not_found', `No photo with id ${photoId}`);
      return photo;
    },
    'photos.addFace': async ({ photoId, box }) => {
      const embedder = chosenEmbedder(ctx.library);
      let added;
      try {
        added = await addDrawnFace(ctx.library, embedder, loadManifest().defaults.detector, photoId, box);
      } catch (error) {
        if (error instanceof DrawnFaceError) throw new ApiError(DRAWN_FACE_ERRORS[error.reason], error.message);
        throw error;
      }
      if (added.found) await refreshPeopleUnlessScanning(embedder);
      const face = faces.get(added.faceId)!;
      ctx.events.emit('people.changed', { personIds: face.personId === null ? [] : [face.personId] });
      return { face: toFaceDto(face), found: added.found };
    },
    'photos.removeFace': async ({ faceId }) => {
      const face = faces.get(faceId);
      if (!face) throw new ApiError('not_found', `No face with id ${faceId}`);
      faces.remove(faceId);
      await refreshPeopleUnlessScanning(chosenEmbedder(ctx.library));
      ctx.events.emit('people.changed', { personIds: face.personId === null ? [] : [face.personId] });
      return null;
    },
  };
}
