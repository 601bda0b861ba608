/**
 * Implements the training part of the contract: fine-tuning on the faces the user confirmed as named people (the
 * same run as `kindred train`, as a JobManager job with one `training.epoch` event per epoch), the stored heads, and
 * switching one on or off. A switch re-projects the faces, lets recognition catch up, and emits `people.changed`.
 */
import { HeadNotFoundError, switchHead, trainHead } from '../../workflows/train.js';
import { headIsStale } from '../../workflows/apply-head.js';
import type { StoredHead } from '../../db/head-repository.js';
import type { EmbedderEntry } from '../../shared/model-manifest.js';
import { ApiError } from '../contract/api-error.js';
import { chosenEmbedder } from '../../settings/chosen-embedder.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import type { JobSpec } from '../../jobs/job-manager.js';
import type { ServiceContext } from './service-context.js';
import type { EpochDto, SplitMetricsDto, TrainedHeadDto, TrainingDataDto, TrainingRunDto, trainingMethods } from '../contract/training-contract.js';

export const TRAIN_JOB_KIND = 'train';

export function trainingHandlers(ctx: ServiceContext): HandlersFor<typeof trainingMethods> {
  const { library, jobs, events } = ctx;
  const heads = library.heads;
  let run: TrainingRunDto | null = null;

  const embedder = (): EmbedderEntry => chosenEmbedder(library);
  const dataSummary = (modelId: string): TrainingDataDto => {
    const counts = library.embeddings.confirmedNamedCounts(modelId).map((r) => r.faces);
    const usable = counts.filter((n) => n >= 2);
    return {
      modelId,
      namedPeople: counts.length,
      confirmedFaces: sum(counts),
      usablePeople: usable.length,
      usableFaces: sum(usable),
      canTrain: usable.length >= 2,
    };
  };
  const headList = (modelId: string): TrainedHeadDto[] =>
    heads
      .list(modelId)
      .filter((h) => h.kind === 'fine-tune')
      .reverse()
      .map((h) => toHeadDto(h, headIsStale(library, h)));
  const trainSpec = (entry: EmbedderEntry, epochs: number, seed: number): JobSpec => ({
    kind: TRAIN_JOB_KIND,
    params: { model: entry.id, epochs, seed },
    run: async ({ signal, progress, jobId }) => {
      const current: TrainingRunDto = { jobId, state: 'running', epochs, history: [], headId: null, error: null };
      run = current;
      progress.phase('training', epochs);
      try {
        const { stored } = await trainHead(library, entry, {
          epochs,
          seed,
          signal,
          onEpoch: (record) => {
            if (record.epoch > 0) progress.advance();
            const dto: EpochDto = { epoch: record.epoch, loss: Number.isFinite(record.loss) ? record.loss : null, val: record.val, auc: record.auc };
            current.history.push(dto);
            events.emit('training.epoch', { jobId, epochs, record: dto });
          },
        });
        current.state = 'done';
        current.headId = stored.id;
        events.emit('training.changed', { headId: stored.id });
        return null;
      } catch (error) {
        current.state = signal.aborted ? 'cancelled' : 'failed';
        current.error = current.state === 'failed' ? String((error as Error)?.message ?? error) : null;
        throw error;
      }
    },
  });

  return {
    'training.heads': () => headList(embedder().id),
    'training.status': () => ({ data: dataSummary(embedder().id), run: run && { ...run, history: [...run.history] } }),
    'training.start': ({ epochs, seed }) => {
      const entry = embedder();
      const running = jobs.current();
      if (running?.kind === TRAIN_JOB_KIND) return running;
      const data = dataSummary(entry.id);
      if (!data.canTrain) {
        throw new ApiError(
          'conflict',
          `Training needs at least two named people with two or more confirmed faces each; there ${data.usablePeople === 1 ? 'is' : 'are'} ${data.usablePeople}. Name people and confirm their faces first.`,
        );
      }
      return jobs.start(trainSpec(entry, epochs, seed));
    },
    'training.cancel': () => (jobs.current()?.kind === TRAIN_JOB_KIND ? jobs.cancel() : null),
    'training.use': async (input) => {
      const entry = embedder();
      if (jobs.current()) throw new ApiError('busy', `A ${jobs.current()!.kind} job is running: switch heads when it has finished`);
      const headId = 'none' in input ? null : input.headId;
      try {
        await switchHead(library, entry, headId);
      } catch (error) {
        if (error instanceof HeadNotFoundError) throw new ApiError('not_found', error.message);
        throw error;
      }
      events.emit('training.changed', { headId });
      events.emit('people.changed', { personIds: null });
      return headList(entry.id);
    },
  };
}

function toHeadDto(h: StoredHead, stale: boolean): TrainedHeadDto {
  const m = h.metrics;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    id: h.id,
    version: h.version,
    modelId: h.modelId,
    createdAt: h.createdAt,
    active: h.active,
    stale,
    before: (m['before'] as SplitMetricsDto | undefined) ?? null,
    after: (m['after'] as SplitMetricsDto | undefined) ?? null,
    bestEpoch: num(m['bestEpoch']),
    history: Array.isArray(m['history']) ? (m['history'] as EpochDto[]) : [],
    people: num(m['people']),
    trainFaces: num(m['trainFaces']),
    validationFaces: num(m['validationFaces']),
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
