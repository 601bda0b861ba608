/**
 * The core behind the contract: every method implemented over one open Library, the job manager, and the event
 * stream. Hosts (the Electron core process, the web host, tests) call `invoke` with untrusted input and forward
 * `subscribe`'s events; they own the Library and close it after `shutdown`.
 */
import type { Library } from '../../db/library.js';
import type { ApiResult } from '../contract/api-error.js';
import { kindredContract, type KindredContract, type KindredEvent, type KindredHandlers } from '../contract/contract.js';
import { createDispatcher } from './dispatcher.js';
import { EventHub } from './event-hub.js';
import { JobManager } from '../../jobs/job-manager.js';
import { jobsHandlers } from './jobs-handlers.js';
import { libraryHandlers } from './library-handlers.js';
import type { MediaRef } from '../contract/media-path.js';
import { MediaResolver, type MediaResolution } from './media-resolver.js';
import { metadataHandlers } from './metadata-handlers.js';
import { peopleHandlers } from './people-handlers.js';
import { photosHandlers } from './photos-handlers.js';
import { SCAN_JOB_KIND, scanJobSpec, scanJobSpecFrom } from './scan-job-spec.js';
import type { ServiceContext } from './service-context.js';
import { settingsHandlers } from './settings-handlers.js';
import { trainingHandlers } from './training-handlers.js';
import { FaceAnalysisPools } from '../../vision/face-analysis-pools.js';
import { CullWriteBack } from '../../workflows/cull-decisions.js';
import { cullingHandlers } from './culling-handlers.js';

export interface KindredServiceOptions {
  /** Scans find faces and people after cataloguing (default true); false catalogues only. */
  findFaces?: boolean;
  /** How long shutdown waits for a running job to commit its finished work. */
  shutdownGraceMs?: number;
}

export interface KindredService {
  /** Calls a method with untrusted input: validated here, errors typed, never a throw. */
  invoke(method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  /** Receives every event; returns the function that stops it. */
  subscribe(listener: (event: KindredEvent) => void): () => void;
  /** The file that shows a thumbnail or a face crop the database knows. */
  resolveMedia(ref: MediaRef): Promise<MediaResolution>;
  /** Resolves when no job is running. */
  whenIdle(): Promise<void>;
  /** Pauses the running job (so the next start offers to resume it) and waits for it to commit. */
  shutdown(): Promise<void>;
}

export function createKindredService(library: Library, options: KindredServiceOptions = {}): KindredService {
  const events = new EventHub<KindredContract>();
  const scanOptions = { findFaces: options.findFaces ?? true, onPeopleChanged: () => events.emit('people.changed', { personIds: null }) };
  const specFor = (kind: string, params: unknown) => (kind === SCAN_JOB_KIND ? scanJobSpecFrom(library, params, scanOptions) : null);
  const jobs = new JobManager({
    library,
    specFor,
    onSnapshot: (snapshot) => {
      events.emit('job.progress', snapshot);
      // A scan that recognised or grouped faces changed the people.
      if (snapshot.finishedAt !== null && snapshot.summary?.people) events.emit('people.changed', { personIds: null });
    },
    onChanges: (changes) => events.emit('library.changed', { changes }),
  });
  const ctx: ServiceContext = {
    library,
    events,
    jobs,
    queries: library.queries,
    scanSpec: (params) => scanJobSpec(library, params, scanOptions),
    analysisPools: new FaceAnalysisPools(),
    cullWriteBack: new CullWriteBack(library),
  };
  // One spread per part of the contract; TypeScript names any method left without a handler.
  const handlers: KindredHandlers = {
    ...libraryHandlers(ctx),
    ...photosHandlers(ctx),
    ...settingsHandlers(ctx),
    ...jobsHandlers(ctx),
    ...peopleHandlers(ctx),
    ...trainingHandlers(ctx),
    ...metadataHandlers(ctx),
    ...cullingHandlers(ctx),
  };
  const dispatch = createDispatcher(kindredContract, handlers);
  const media = new MediaResolver(library);
  let closing = false;

  return {
    invoke: (method, input) =>
      closing ? Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Kindred is shutting down' } }) : dispatch(method, input),
    subscribe: (listener) => events.subscribe(listener),
    resolveMedia: (ref) => media.resolve(ref),
    whenIdle: () => jobs.whenIdle(),
    shutdown: async () => {
      closing = true;
      await jobs.shutdown(options.shutdownGraceMs);
      await ctx.analysisPools.close();
      await ctx.cullWriteBack.whenIdle();
    },
  };
}
