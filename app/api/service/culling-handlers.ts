/** Implements the culling part of the contract. */
import { ApiError } from '../contract/api-error.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import type { cullingMethods } from '../contract/culling-contract.js';
import { applyCullStates } from '../../workflows/cull-decisions.js';
import { cullShoot, shootFilter } from '../../workflows/cull-shoot.js';
import { exportPicks, ExportPicksError } from '../../workflows/export-picks.js';
import type { ServiceContext } from './service-context.js';

export function cullingHandlers(ctx: ServiceContext): HandlersFor<typeof cullingMethods> {
  return {
    'culling.list': ({ filter, sort }) => cullShoot(ctx.library, shootFilter(filter), sort),
    'culling.apply': ({ states }) => {
      const before = applyCullStates(ctx.library, states);
      ctx.cullWriteBack.enqueue(before.map((s) => s.photoId));
      return before;
    },
    'culling.writeStatus': () => ctx.cullWriteBack.status(),
    'culling.exportPicks': async ({ filter, how, target }) => {
      try {
        return await exportPicks(ctx.library, shootFilter(filter), how, target);
      } catch (error) {
        if (error instanceof ExportPicksError) throw new ApiError('invalid_input', error.message);
        throw error;
      }
    },
  };
}
