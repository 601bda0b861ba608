/**
 * P×K mini-batches for online triplet mining (FaceNet §3.2, Hermans et al. 2017): P people, K faces each,
 * drawn with a seeded PRNG so a seed fixes every batch.
 *
 * - Only people with ≥ 2 faces fill the P slots (a person with one face cannot be an anchor: no positive).
 *   When there are fewer than P of them, the free slots go to single-face people, who then serve as
 *   negatives only.
 * - K is capped by what each person has (a person with 3 faces contributes 3 when K = 4).
 * - An epoch visits every anchor-eligible person at least once and, through per-person queues that are
 *   reshuffled when exhausted, every face of theirs about once: batches per epoch =
 *   max(⌈people / P⌉, ⌈their faces / (P·K)⌉).
 */
import { mulberry32, shuffleInPlace, type Random } from '../shared/seeded-random.js';

export interface BatchSamplerOptions {
  /** People per batch (≥ 2). */
  readonly P: number;
  /** Faces per person (≥ 2). */
  readonly K: number;
  readonly seed: number;
}

export class BatchSampler {
  /** Batches in one epoch (0 when no batch can hold a triplet). */
  readonly batchesPerEpoch: number;
  private readonly random: Random;
  private readonly people: number[][]; // per anchor-eligible person: their face indices
  private readonly singles: number[]; // face index of each single-face person
  private readonly faceQueues: number[][];
  private personQueue: number[] = [];
  private readonly slots: number;

  constructor(
    labels: ArrayLike<number>,
    readonly options: BatchSamplerOptions,
  ) {
    if (!(options.P >= 2 && options.K >= 2)) throw new Error('P and K must both be at least 2');
    this.random = mulberry32(options.seed);
    const groups = new Map<number, number[]>(); // first-appearance order: deterministic for a given input
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      const g = groups.get(label);
      if (g) g.push(i);
      else groups.set(label, [i]);
    }
    this.people = [...groups.values()].filter((g) => g.length >= 2);
    this.singles = [...groups.values()].filter((g) => g.length === 1).map((g) => g[0]!);
    this.faceQueues = this.people.map(() => []);
    this.slots = Math.min(options.P, this.people.length);
    const faces = this.people.reduce((s, g) => s + g.length, 0);
    const canMine = this.people.length >= 1 && this.people.length + this.singles.length >= 2;
    this.batchesPerEpoch = canMine
      ? Math.max(Math.ceil(this.people.length / this.slots), Math.ceil(faces / (this.slots * options.K)))
      : 0;
  }

  /** Indices (into the labels given at construction) of the next batch, grouped by person. */
  nextBatch(): Int32Array {
    if (this.batchesPerEpoch === 0) throw new Error('need one person with ≥ 2 faces and at least two people');
    const chosen = new Set<number>();
    const order: number[] = [];
    while (order.length < this.slots) {
      if (this.personQueue.length === 0) {
        this.personQueue = shuffleInPlace(this.random, this.people.map((_, i) => i));
      }
      // Take the first queued person not already in this batch; the others keep their turn.
      const at = this.personQueue.findIndex((p) => !chosen.has(p));
      if (at < 0) {
        this.personQueue = [];
        continue;
      }
      const person = this.personQueue.splice(at, 1)[0]!;
      chosen.add(person);
      order.push(person);
    }
    const batch: number[] = [];
    for (const person of order) batch.push(...this.takeFaces(person));
    const free = Math.min(this.options.P - this.slots, this.singles.length);
    if (free > 0) {
      const singles = shuffleInPlace(this.random, this.singles.slice());
      batch.push(...singles.slice(0, free));
    }
    return Int32Array.from(batch);
  }

  /** The batches of one epoch. */
  epoch(): Int32Array[] {
    return Array.from({ length: this.batchesPerEpoch }, () => this.nextBatch());
  }

  /** min(K, n) distinct faces of a person, cycling through a reshuffled queue so all get their turn. */
  private takeFaces(person: number): number[] {
    const faces = this.people[person]!;
    const want = Math.min(this.options.K, faces.length);
    const queue = this.faceQueues[person]!;
    const taken: number[] = queue.splice(0, want);
    if (taken.length < want) {
      // New round: every face once, in a fresh order; the ones just taken from the old round go last.
      const tail = taken.slice();
      const round = shuffleInPlace(
        this.random,
        faces.filter((f) => !tail.includes(f)),
      );
      taken.push(...round.splice(0, want - taken.length));
      queue.push(...round, ...tail);
    }
    return taken;
  }
}
