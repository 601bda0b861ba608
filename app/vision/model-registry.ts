/**
 * The models of native-models/manifest.json, with their ONNX Runtime sessions created on first use.
 *
 * Files are resolved relative to the manifest's folder and checked (present, sha256 as recorded) before a session
 * is made. The execution provider follows the user's setting; one that fails to initialise falls back to the next
 * candidate and finally to CPU, and the reason is kept so the UI and `kindred models` can show it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import * as ort from './onnx-runtime.js';
import { modelForCpu } from './nchwc-padding.js';
import {
  providerCandidates,
  type ExecutionProviderName,
  type ExecutionProviderSetting,
} from './execution-provider.js';
import {
  defaultEmbedder,
  defaultManifestPath,
  findDetector,
  findModel,
  loadManifest,
  type DetectorEntry,
  type EmbedderEntry,
  type LandmarkerEntry,
  type ModelEntry,
  type ModelManifest,
} from '../shared/model-manifest.js';

/** Creates an ORT session for one provider; throws when the provider cannot initialise. The port to ONNX Runtime. */
export type SessionFactory = (
  path: string,
  options: { executionProvider: ExecutionProviderName; intraOpNumThreads: number },
) => Promise<ort.InferenceSession>;

/**
 * The default factory: onnxruntime-node with graph optimisations on; on the CPU, a plain convolutional graph (the
 * BlazeFace detectors) is first padded to the CPU's channel block, which ORT's fastest kernels need. ORT's own log is
 * limited to fatal messages: a provider that cannot start throws, and the registry records that reason; ORT would
 * also print it to stderr (and the BlazeFace files print harmless "Removing initializer" warnings).
 */
export const ortSessionFactory: SessionFactory = (path, { executionProvider, intraOpNumThreads }) => {
  const options = ortSessionOptions(executionProvider, intraOpNumThreads);
  const model = executionProvider === 'cpu' ? modelForCpu(path) : path;
  return ort.createSession(model, options);
};

/** The session options of the default factory (benchmarks time the detector files as they are with them). */
export function ortSessionOptions(executionProvider: ExecutionProviderName, intraOpNumThreads: number): ort.InferenceSession.SessionOptions {
  ort.env.logLevel = 'fatal';
  return { executionProviders: [executionProvider], intraOpNumThreads, graphOptimizationLevel: 'all', logSeverityLevel: 3 };
}

/** Options of a registry. */
export interface ModelRegistryOptions {
  /** Default: native-models/manifest.json of this installation. */
  manifestPath?: string;
  /** Default 'auto'. */
  executionProvider?: ExecutionProviderSetting;
  /** Threads per session for one inference; default: the number of cores. */
  intraOpNumThreads?: number;
  /** Check each file's sha256 against the manifest before loading it (default true). */
  verifyHashes?: boolean;
  sessionFactory?: SessionFactory;
  /** Default: what this ORT build lists (`ort.listSupportedBackends()`). */
  availableBackends?: readonly string[];
  platform?: NodeJS.Platform;
}

/** Name, element type and dims (numbers, or names for symbolic dims such as the batch) of a model tensor. */
export interface TensorInfo {
  name: string;
  type: string;
  dims: Array<number | string>;
}

/** A model with its session. */
export interface LoadedModel<E extends ModelEntry = ModelEntry> {
  entry: E;
  path: string;
  session: ort.InferenceSession;
  providerInUse: ExecutionProviderName;
  /** Why an accelerator was not used (null when the first candidate worked). */
  fallbackReason: string | null;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/** Reads the manifest and hands out lazily created sessions. */
export class ModelRegistry {
  readonly manifest: ModelManifest;
  /** Folder the manifest's `file` paths are relative to. */
  readonly modelsDir: string;
  readonly executionProvider: ExecutionProviderSetting;
  readonly intraOpNumThreads: number;
  private readonly verifyHashes: boolean;
  private readonly sessionFactory: SessionFactory;
  private readonly candidates: ExecutionProviderName[];
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  private readonly loaded = new Map<string, LoadedModel>();

  constructor(options: ModelRegistryOptions = {}) {
    const manifestPath = resolve(options.manifestPath ?? defaultManifestPath);
    this.manifest = loadManifest(manifestPath);
    this.modelsDir = dirname(manifestPath);
    this.executionProvider = options.executionProvider ?? 'auto';
    this.intraOpNumThreads = options.intraOpNumThreads ?? availableParallelism();
    this.verifyHashes = options.verifyHashes ?? true;
    this.sessionFactory = options.sessionFactory ?? ortSessionFactory;
    const available = options.availableBackends ?? ort.listSupportedBackends().map((b) => b.name);
    this.candidates = providerCandidates(this.executionProvider, options.platform ?? process.platform, available);
  }

  /** Every model, in manifest order. */
  list(): ModelEntry[] {
    return this.manifest.models;
  }

  /** The model with this id or alias. */
  entry(idOrAlias: string): ModelEntry {
    return findModel(this.manifest, idOrAlias);
  }

  /** The default embedder and detector, as the manifest names them. */
  defaultEmbedder(): EmbedderEntry {
    return defaultEmbedder(this.manifest);
  }

  defaultDetector(): DetectorEntry {
    return findDetector(this.manifest, this.manifest.defaults.detector);
  }

  /** Absolute path of the model's ONNX file (it may not exist yet). */
  pathOf(idOrAlias: string): string {
    return resolve(this.modelsDir, this.entry(idOrAlias).file);
  }

  /** Whether the ONNX file exists. */
  isBuilt(idOrAlias: string): boolean {
    return existsSync(this.pathOf(idOrAlias));
  }

  /** The loaded model, or null when no session was created yet. */
  peek(idOrAlias: string): LoadedModel | null {
    return this.loaded.get(this.entry(idOrAlias).id) ?? null;
  }

  /** The model with its session, created on first call (concurrent callers share one creation). */
  load(idOrAlias: string): Promise<LoadedModel> {
    const entry = this.entry(idOrAlias);
    let pending = this.loading.get(entry.id);
    if (!pending) {
      pending = this.create(entry);
      this.loading.set(entry.id, pending);
      // A failed load may be retried (e.g. after `npm run models`).
      pending.catch(() => this.loading.delete(entry.id));
    }
    return pending;
  }

  /** Loads a detector (throws if the id names an embedder). */
  async loadDetector(idOrAlias: string = this.manifest.defaults.detector): Promise<LoadedModel<DetectorEntry>> {
    const model = await this.load(idOrAlias);
    if (model.entry.role !== 'detector') throw new Error(`model ${model.entry.id} is not a detector`);
    return model as LoadedModel<DetectorEntry>;
  }

  /** Loads an embedder (throws if the id names a detector). */
  async loadEmbedder(idOrAlias: string = this.manifest.defaults.embedder): Promise<LoadedModel<EmbedderEntry>> {
    const model = await this.load(idOrAlias);
    if (model.entry.role !== 'embedder') throw new Error(`model ${model.entry.id} is not an embedder`);
    return model as LoadedModel<EmbedderEntry>;
  }

  /** Loads a landmark model (throws if the id names another role). */
  async loadLandmarker(idOrAlias: string): Promise<LoadedModel<LandmarkerEntry>> {
    const model = await this.load(idOrAlias);
    if (model.entry.role !== 'landmarks') throw new Error(`model ${model.entry.id} is not a landmark model`);
    return model as LoadedModel<LandmarkerEntry>;
  }

  /** Releases every session. */
  async dispose(): Promise<void> {
    const models = [...this.loaded.values()];
    this.loaded.clear();
    this.loading.clear();
    await Promise.all(models.map((m) => m.session.release()));
  }

  private async create(entry: ModelEntry): Promise<LoadedModel> {
    const path = resolve(this.modelsDir, entry.file);
    if (!existsSync(path)) {
      throw new Error(`model ${entry.id}: ${path} does not exist; run npm run models`);
    }
    if (this.verifyHashes && entry.sha256 !== null) {
      const actual = createHash('sha256').update(readFileSync(path)).digest('hex');
      if (actual !== entry.sha256) {
        throw new Error(`model ${entry.id}: ${path} has sha256 ${actual}, the manifest expects ${entry.sha256}; run npm run models`);
      }
    }
    const failures: string[] = [];
    for (const provider of this.candidates) {
      try {
        const session = await this.sessionFactory(path, { executionProvider: provider, intraOpNumThreads: this.intraOpNumThreads });
        const model: LoadedModel = {
          entry,
          path,
          session,
          providerInUse: provider,
          fallbackReason: failures.length > 0 ? failures.join('; ') : null,
          inputs: tensorInfos(session.inputNames, session.inputMetadata),
          outputs: tensorInfos(session.outputNames, session.outputMetadata),
        };
        this.loaded.set(entry.id, model);
        return model;
      } catch (error) {
        failures.push(`${provider}: ${firstLine(error)}`);
      }
    }
    throw new Error(`model ${entry.id}: no execution provider could load it (${failures.join('; ')})`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

function tensorInfos(names: readonly string[], metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return names.map((name, i) => {
    const m = metadata[i];
    if (m && m.isTensor) return { name, type: m.type, dims: [...m.shape] };
    return { name, type: 'unknown', dims: [] };
  });
}
