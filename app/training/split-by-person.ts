/**
 * Holds out a validation split inside each person (the same people, unseen faces), seeded.
 * A person with n ≥ minFaces faces gives max(1, round(fraction·n)) faces to validation but always keeps
 * at least 2 for training (so they can still be anchors); people with fewer faces stay in training only.
 */
import { mulberry32, shuffleInPlace } from '../shared/seeded-random.js';

export interface SplitOptions {
  /** Share of each person's faces held out; default 0.2. */
  readonly fraction?: number;
  /** People with fewer faces are training-only; default 3. */
  readonly minFaces?: number;
  readonly seed: number;
}

/** Indices into the labels, each list ascending. */
export interface PersonSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

export function splitByPerson(labels: ArrayLike<number>, options: SplitOptions): PersonSplit {
  const fraction = options.fraction ?? 0.2;
  const minFaces = Math.max(3, options.minFaces ?? 3);
  if (!(fraction > 0 && fraction < 1)) throw new Error('fraction must be in (0, 1)');
  const random = mulberry32(options.seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const g = groups.get(labels[i]!);
    if (g) g.push(i);
    else groups.set(labels[i]!, [i]);
  }
  // Visit people in label order so the split does not depend on the order faces were listed in.
  const people = [...groups.keys()].sort((a, b) => a - b);
  const isValidation = new Uint8Array(labels.length);
  for (const person of people) {
    const faces = groups.get(person)!;
    if (faces.length < minFaces) continue;
    const held = Math.min(Math.max(1, Math.round(fraction * faces.length)), faces.length - 2);
    for (const i of shuffleInPlace(random, faces.slice()).slice(0, held)) isValidation[i] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  isValidation.forEach((v, i) => (v ? validation : train).push(i));
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
