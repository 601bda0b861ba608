/**
 * The Training view's data: the trained heads, what a run would train on, the run in progress epoch by epoch (from
 * `training.epoch` events), and switching a head on (Apply) or off (Revert). Refetched when the core says heads,
 * people or the training job changed.
 */
import type { JobSnapshotDto } from '../../../app/api/contract/jobs-contract.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { EpochDto, TrainedHeadDto, TrainingDataDto, TrainingRunDto } from '../../../app/api/contract/training-contract.js';
import { messageOf } from '../lib/errors.js';
import { isFinished, isNewerSnapshot } from '../lib/job-snapshot-order.js';

const TRAIN_KIND = 'train';

/** A line through `values` (null: a gap) as an SVG path in a `width`×`height` box, x spread over `count` points. */
export function plotPath(values: readonly (number | null)[], count: number, range: { min: number; max: number }, width: number, height: number): string {
  const span = range.max - range.min || 1;
  const step = count > 1 ? width / (count - 1) : 0;
  let path = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - ((v - range.min) / span) * height).toFixed(1);
    path += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
  });
  return path;
}

/** The smallest and largest finite value (0..1 when there is none). */
export function valueRange(values: readonly (number | null)[]): { min: number; max: number } {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return { min: 0, max: 1 };
  return { min: Math.min(...finite), max: Math.max(...finite) };
}

export class TrainingState {
  heads = $state<TrainedHeadDto[]>([]);
  data = $state<TrainingDataDto | null>(null);
  run = $state<TrainingRunDto | null>(null);
  job = $state<JobSnapshotDto | null>(null);
  loaded = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** A training job is running (or stopping). */
  readonly running = $derived(this.job !== null && !isFinished(this.job));
  readonly active = $derived(this.heads.find((h) => h.active) ?? null);
  /** The curves to plot: the live run's, else the newest head's. */
  readonly history = $derived<EpochDto[]>(this.run?.history.length ? this.run.history : (this.heads[0]?.history ?? []));

  constructor(private readonly client: KindredClient) {}

  connect(): () => void {
    const offs = [
      this.client.on('training.epoch', ({ jobId, epochs, record }) => {
        const run = this.run?.jobId === jobId ? this.run : { jobId, state: 'running' as const, epochs, history: [], headId: null, error: null };
        this.run = { ...run, history: [...run.history.filter((r) => r.epoch !== record.epoch), record] };
      }),
      this.client.on('job.progress', (snapshot) => {
        if (snapshot.kind !== TRAIN_KIND || !isNewerSnapshot(snapshot, this.job)) return;
        this.job = snapshot;
        if (isFinished(snapshot)) void this.refresh();
      }),
      this.client.on('training.changed', () => void this.refresh()),
      this.client.on('people.changed', () => void this.refresh()),
    ];
    void this.refresh();
    return () => offs.forEach((off) => off());
  }

  async refresh(): Promise<void> {
    try {
      const [heads, status] = await Promise.all([this.client.invoke('training.heads', {}), this.client.invoke('training.status', {})]);
      this.heads = heads;
      this.data = status.data;
      // Keep live epochs that arrived after the status was read.
      if (status.run && !(this.run?.jobId === status.run.jobId && this.run.history.length > status.run.history.length)) this.run = status.run;
      else if (status.run && this.run) this.run = { ...this.run, state: status.run.state, headId: status.run.headId, error: status.run.error };
      this.loaded = true;
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  async start(epochs = 40): Promise<void> {
    await this.act(async () => {
      this.run = null;
      const started = await this.client.invoke('training.start', { epochs });
      if (isNewerSnapshot(started, this.job)) this.job = started;
      return 'Training started';
    });
  }

  async cancel(): Promise<void> {
    await this.act(async () => {
      await this.client.invoke('training.cancel', {});
      return 'Training cancelled';
    });
  }

  /** Switches a head on: recognition uses it from now on. */
  async apply(headId: number): Promise<void> {
    await this.act(async () => {
      this.heads = await this.client.invoke('training.use', { headId });
      return `Applied version ${this.heads.find((h) => h.id === headId)?.version ?? ''}`.trim();
    });
  }

  /** Switches every head off: the model's own embeddings are used again. */
  async revert(): Promise<void> {
    await this.act(async () => {
      this.heads = await this.client.invoke('training.use', { none: true });
      return 'Reverted to the untrained model';
    });
  }

  private async act(work: () => Promise<string>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      this.notice = await work();
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }
}
