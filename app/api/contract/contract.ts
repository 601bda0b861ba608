/**
 * Kindred's one contract. Electron's IPC router, the preload bridge, the renderer's client, the web host and the
 * test harness are all derived from it. To add a method: add one entry to a `*-contract.ts` file (TypeScript then
 * names the handler that is missing in `kindred-service.ts`). To add a domain (people, search, training): write
 * its contract file and spread it here. Browser-safe: zod only.
 */
import { type Contract, type EventMessage, type HandlersOf, type InputOf, type MethodName, type OutputOf, type PayloadOf, type EventName } from './contract-kit.js';
import { cullingMethods } from './culling-contract.js';
import { jobsEvents, jobsMethods } from './jobs-contract.js';
import { libraryEvents, libraryMethods } from './library-contract.js';
import { metadataEvents, metadataMethods } from './metadata-contract.js';
import { peopleEvents, peopleMethods } from './people-contract.js';
import { photosMethods } from './photos-contract.js';
import { settingsEvents, settingsMethods } from './settings-contract.js';
import { trainingEvents, trainingMethods } from './training-contract.js';

export const kindredContract = {
  methods: {
    ...libraryMethods,
    ...photosMethods,
    ...settingsMethods,
    ...jobsMethods,
    ...peopleMethods,
    ...trainingMethods,
    ...metadataMethods,
    ...cullingMethods,
  },
  events: {
    ...libraryEvents,
    ...settingsEvents,
    ...jobsEvents,
    ...trainingEvents,
    ...metadataEvents,
    ...peopleEvents,
  },
} as const satisfies Contract;

export type KindredContract = typeof kindredContract;
export type KindredMethod = MethodName<KindredContract>;
export type KindredEventName = EventName<KindredContract>;
export type KindredInput<M extends KindredMethod> = InputOf<KindredContract, M>;
export type KindredOutput<M extends KindredMethod> = OutputOf<KindredContract, M>;
export type KindredPayload<E extends KindredEventName> = PayloadOf<KindredContract, E>;
export type KindredEvent = EventMessage<KindredContract>;
export type KindredHandlers = HandlersOf<KindredContract>;

/** Every method name, for routers and bridges that list what they expose. */
export const KINDRED_METHODS = Object.keys(kindredContract.methods) as KindredMethod[];
/** Every event name. */
export const KINDRED_EVENTS = Object.keys(kindredContract.events) as KindredEventName[];
