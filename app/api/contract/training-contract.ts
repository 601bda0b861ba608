/**
 * The training part of the contract: the fine-tuned heads of the current embedder, what a run would train on, a run
 * as a job (one `training.epoch` event per epoch), and switching a head on or off. Browser-safe: zod only.
 */
import { z } from 'zod';
import { idSchema, noInput } from './common-schemas.js';
import { event, method } from './contract-kit.js';
import type { JobSnapshotDto } from './jobs-contract.js';

/** Verification on the held-out validation faces (accuracy at the best threshold, VAL at FAR ≤ far, ROC AUC). */
export interface SplitMetricsDto {
  accuracy: number;
  val: number;
  far: number;
  auc: number;
}

/** One epoch of a run: triplet loss (null when no triplet was active) and validation VAL / AUC. */
export interface EpochDto {
  epoch: number;
  loss: number | null;
  val: number;
  auc: number;
}

/** A stored fine-tuned head of the current embedder. */
export interface TrainedHeadDto {
  id: number;
  version: number;
  modelId: string;
  createdAt: number;
  active: boolean;
  /** Trained on faces embedded with another recipe than the library holds (the model's crop changed): train again. */
  stale: boolean;
  before: SplitMetricsDto | null;
  after: SplitMetricsDto | null;
  bestEpoch: number | null;
  history: EpochDto[];
  people: number | null;
  trainFaces: number | null;
  validationFaces: number | null;
}

/** What a run would train on now: confirmed faces of named people (only people with 2+ confirmed faces count). */
export interface TrainingDataDto {
  modelId: string;
  namedPeople: number;
  confirmedFaces: number;
  /** Named people with two or more confirmed faces: a run needs at least two. */
  usablePeople: number;
  usableFaces: number;
  canTrain: boolean;
}

/** The run in progress (or the last one since the core started), epoch by epoch. */
export interface TrainingRunDto {
  jobId: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  epochs: number;
  history: EpochDto[];
  headId: number | null;
  error: string | null;
}

export interface TrainingStatusDto {
  data: TrainingDataDto;
  run: TrainingRunDto | null;
}

export const trainingMethods = {
  'training.heads': method<TrainedHeadDto[]>()({
    input: noInput,
    summary: 'The fine-tuned heads of the current embedder, newest first, with their metrics and which one is active.',
  }),
  'training.status': method<TrainingStatusDto>()({
    input: noInput,
    summary: 'What a run would train on now, and the current (or last) run epoch by epoch.',
  }),
  'training.start': method<JobSnapshotDto>()({
    input: z.strictObject({ epochs: z.int().min(1).max(500).default(40), seed: z.int().min(0).max(2 ** 31 - 1).default(1) }),
    summary: 'Fine-tunes a head on the confirmed faces of named people, as a job; the head is stored (not switched on).',
  }),
  'training.cancel': method<JobSnapshotDto | null>()({
    input: noInput,
    summary: 'Stops the running training job (nothing is stored).',
  }),
  'training.use': method<TrainedHeadDto[]>()({
    input: z.union([z.strictObject({ headId: idSchema }), z.strictObject({ none: z.literal(true) })]),
    summary: 'Switches a trained head on (faces are re-projected) or all heads off; returns the heads.',
  }),
} as const;

export const trainingEvents = {
  'training.epoch': event<{ jobId: number; epochs: number; record: EpochDto }>('A training run finished an epoch.'),
  'training.changed': event<{ headId: number | null }>('A head was stored, switched on or switched off.'),
} as const;
