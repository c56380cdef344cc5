/**
 * Adam over one flat Float32Array of parameters (the update of TensorFlow's `AdamOptimizer` and baselines'
 * `MpiAdam`, with the bias correction folded into the step size).
 *
 * @module
 */

/** Adam's first-moment decay (TensorFlow default). */
export const ADAM_BETA1 = 0.9;
/** Adam's second-moment decay (TensorFlow default). */
export const ADAM_BETA2 = 0.999;
/** Adam's denominator guard (baselines `MpiAdam` default). */
export const ADAM_EPSILON = 1e-8;

/**
 * Adam state for a parameter vector of fixed length.
 *
 * @example
 * ```ts
 * const opt = new Adam(params.length, 1e-3);
 * opt.step(params, grads);
 * ```
 */
export class Adam {
  /** Learning rate. */
  readonly learningRate: number;
  /** First moments. */
  readonly m: Float32Array;
  /** Second moments. */
  readonly v: Float32Array;
  /** Steps taken (for the bias correction). */
  t = 0;

  constructor(size: number, learningRate: number) {
    this.learningRate = learningRate;
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** One descent step: `params ← params − lr_t · m / (√v + ε)`. */
  step(params: Float32Array, grads: Float32Array): void {
    this.t++;
    const lrT = (this.learningRate * Math.sqrt(1 - ADAM_BETA2 ** this.t)) / (1 - ADAM_BETA1 ** this.t);
    const m = this.m;
    const v = this.v;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      const mi = ADAM_BETA1 * m[i]! + (1 - ADAM_BETA1) * g;
      const vi = ADAM_BETA2 * v[i]! + (1 - ADAM_BETA2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (lrT * mi) / (Math.sqrt(vi) + ADAM_EPSILON);
    }
  }
}
