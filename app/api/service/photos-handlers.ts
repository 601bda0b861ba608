/** Implements the photos part of the contract. */
import { addDrawnFace, DrawnFaceError } from '../../workflows/mark-face.js';
import { refreshPeople } from '../../workflows/refresh-people.js';
import { loadManifest, type EmbedderEntry } from '../../shared/model-manifest.js';
import { ApiError, type ApiErrorCode } from '../contract/api-error.js';
import { chosenEmbedder } from '../../settings/chosen-embedder.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import { toFaceDto } from './face-dto.js';
import type { photosMethods } from '../contract/photos-contract.js';
import type { ServiceContext } from './service-context.js';
import { readSettings } from '../../settings/settings-store.js';

const DRAWN_FACE_ERRORS: Record<DrawnFaceError['reason'], ApiErrorCode> = {
  no_photo: 'not_found',
  not_analysed: 'busy',
  bad_box: 'invalid_input',
  unreadable: 'conflict',
  already_marked: 'conflict',
};

export function photosHandlers(ctx: ServiceContext): HandlersFor<typeof photosMethods> {
  const faces = ctx.library.faces;
  let refreshing: Promise<void> = Promise.resolve();
  /**
   * Recognition and the index brought up to date after a face was marked or removed, one refresh at a time: at once
   * (and awaited) when no job runs, else once the job has finished, since a scan may be past its people phase, paused
   * or cancelled. A deferred refresh that fails is left to the next change or scan.
   */
  const refreshAfterChange = async (embedder: EmbedderEntry): Promise<void> => {
    const deferred = ctx.jobs.current() !== null;
    const next = refreshing.then(() => ctx.jobs.whenIdle()).then(() => refreshPeople(ctx.library, embedder));
    refreshing = next.then(
      () => (deferred ? ctx.events.emit('people.changed', { personIds: null }) : undefined),
      () => {},
    );
    if (!deferred) await next;
  };
  return {
    'photos.list': ({ offset, limit }) => ctx.queries.photos(offset, limit),
    'photos.get': ({ photoId }) => {
      const photo = ctx.queries.photo(photoId);
      if (!photo) throw new ApiError('not_found', `No photo with id ${photoId}`);
      return { ...photo, faces: photo.faces.map(toFaceDto) };
    },
    'photos.addFace': async ({ photoId, box }) => {
      const embedder = chosenEmbedder(ctx.library);
      const executionProvider = readSettings(ctx.library).executionProvider;
      const pool = ctx.analysisPools.get(embedder.id, executionProvider);
      const models = { embedder, detectorId: loadManifest().defaults.detector, executionProvider, pool };
      let added;
      try {
        added = await addDrawnFace(ctx.library, models, photoId, box);
      } catch (error) {
        if (error instanceof DrawnFaceError) throw new ApiError(DRAWN_FACE_ERRORS[error.reason], error.message);
        throw error;
      }
      if (added.found) await refreshAfterChange(embedder);
      const face = faces.get(added.faceId)!;
      ctx.events.emit('people.changed', { personIds: face.personId === null ? [] : [face.personId] });
      return { face: toFaceDto(face), found: added.found };
    },
    'photos.removeFace': async ({ faceId }) => {
      const embedder = chosenEmbedder(ctx.library);
      const face = faces.get(faceId);
      if (!face) throw new ApiError('not_found', `No face with id ${faceId}`);
      faces.remove(faceId);
      await refreshAfterChange(embedder);
      ctx.events.emit('people.changed', { personIds: face.personId === null ? [] : [face.personId] });
      return null;
    },
  };
}
