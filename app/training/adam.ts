/**
 * Adam (Kingma & Ba 2015) over one flat parameter vector, with optional decoupled weight decay toward a
 * reference point instead of toward zero (L2-SP, Li et al. 2018; decoupled as in AdamW):
 *
 *   θ ← θ − lr · ( m̂ / (√v̂ + ε) + λ (θ − θ_ref) )
 *
 * Why toward the reference (the identity head) and not toward zero: the head ends in a normalisation,
 * so shrinking W toward 0 changes nothing the loss can see, while pulling W toward I keeps the head
 * close to the frozen model, which is the prior we trust. With a few dozen faces per person the triplet
 * loss alone can bend the space to fit them (and the noise in their labels); λ bounds how far it goes.
 */

export interface AdamOptions {
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** λ; 0 disables decay. */
  readonly weightDecay?: number;
  /** θ_ref for the decay; defaults to zeros (ordinary AdamW decay). */
  readonly decayTarget?: Float64Array;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decayTarget: Float64Array | undefined;

  constructor(
    size: number,
    readonly options: AdamOptions,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.decayTarget = options.decayTarget?.slice();
    if (this.decayTarget && this.decayTarget.length !== size) throw new Error('decayTarget has the wrong size');
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update of `params` in place from `grad`. */
  step(params: Float64Array, grad: Float64Array): void {
    if (params.length !== this.m.length || grad.length !== this.m.length) throw new Error('size mismatch');
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd } = this;
    const lr = this.options.lr;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]!;
      const m = (this.m[i] = b1 * this.m[i]! + (1 - b1) * g);
      const v = (this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g);
      let update = m / c1 / (Math.sqrt(v / c2) + eps);
      if (wd > 0) update += wd * (params[i]! - (this.decayTarget ? this.decayTarget[i]! : 0));
      params[i]! -= lr * update;
    }
  }
}
