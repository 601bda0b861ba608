/** Implements the photos part of the contract. */
import { ApiError } from './api-error.js';
import type { HandlersFor } from './contract-kit.js';
import type { photosMethods } from './photos-contract.js';
import type { ServiceContext } from './service-context.js';

export function photosHandlers(ctx: ServiceContext): HandlersFor<typeof photosMethods> {
  return {
    'photos.list': ({ offset, limit }) => ctx.queries.photos(offset, limit),
    'photos.get': ({ photoId }) => {
      const photo = ctx.queries.photo(photoId);
      if (!photo) throw new ApiError('not_found', `No photo with id ${photoId}`);
      return photo;
    },
  };
}
