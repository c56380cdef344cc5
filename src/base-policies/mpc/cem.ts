/**
 * The cross-entropy method (CEM) exactly as PETS runs it (kchua/handful-of-trials `dmbrl/misc/optimizers/cem.py`):
 * a diagonal Gaussian over an action sequence, refitted to the best samples each iteration with smoothing.
 *
 * @module
 */
import { GymError, InvalidOptions } from '../../errors.js';
import type { Rng } from '../../random/rng.js';

/** Settings of one CEM solve. */
export interface CemSettings {
  /** Planning horizon (control steps); the solution has `horizon × actionDim` entries. */
  readonly horizon: number;
  /** Samples drawn per iteration (PETS `popsize`). */
  readonly population: number;
  /** Best samples the distribution is refitted to (PETS `num_elites`). */
  readonly elites: number;
  /** Maximum iterations (PETS `max_iters`). */
  readonly iterations: number;
  /** Smoothing α: `new = α·old + (1 − α)·elite statistic`, for mean and variance (PETS `alpha`). */
  readonly alpha: number;
  /** Stop early once every variance is ≤ epsilon (PETS `epsilon`). */
  readonly epsilon: number;
  /**
   * Consecutive control steps that share one standard-normal draw per action dimension, so a candidate's
   * perturbation is piecewise constant over blocks of `sampleHold` steps (the mean and variance stay per
   * step). 1 (the default) is PETS' independent noise; larger values search a lower-dimensional space.
   */
  readonly sampleHold?: number;
}

/** What {@link CemOptimizer.optimize} reports besides the solution it writes in place. */
export interface CemReport {
  /** Iterations actually run (fewer than `iterations` if the variance fell below epsilon). */
  readonly iterations: number;
  /** Mean cost of the elites after each iteration (non-increasing in expectation; useful for tests and logs). */
  readonly eliteCosts: readonly number[];
  /** Lowest cost seen over all samples. */
  readonly bestCost: number;
}

/**
 * Evaluates `count` candidate sequences stored row-major in `samples` (`count × horizon × actionDim`) and
 * writes one cost per candidate into `costs`. Non-finite costs are replaced by {@link CEM_NAN_COST}.
 */
export type CemCostFn = (samples: Float64Array, count: number, costs: Float64Array) => void;

/** Cost given to NaN/Infinity candidates (PETS replaces NaN costs by 1e6). */
export const CEM_NAN_COST = 1e6;
/** The truncated normal is cut at ±2 standard deviations (PETS `truncnorm(-2, 2)`). */
export const CEM_TRUNCATION_SIGMAS = 2;

/**
 * A reusable CEM solver for one problem size. Allocation happens in the constructor only.
 *
 * Each iteration (PETS order): cap the variance so that ±2σ stays inside the bounds,
 * `var ← min(var, ((mean − low)/2)², ((high − mean)/2)²)`; draw `population` samples from the normal truncated at
 * ±2σ (by rejection of standard-normal draws outside [−2, 2], a choice frozen because it fixes the random
 * stream; with `sampleHold` h > 1 each draw is shared by h consecutive steps of one action dimension, drawn in
 * the order candidate, block, dimension); evaluate; take the `elites` lowest costs (ties broken by sample
 * index); refit mean and (population) variance of the elites; smooth with α. The returned plan is the final mean, not the best sample.
 */
export class CemOptimizer {
  /** Settings (validated by the caller). */
  readonly settings: CemSettings;
  /** Entries per candidate: `horizon × actionDim`. */
  readonly dim: number;
  private readonly actionDim: number;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly variance: Float64Array;
  private readonly std: Float64Array;
  private readonly samples: Float64Array;
  private readonly costs: Float64Array;
  private readonly order: Int32Array;
  private readonly draws: Float64Array;

  /**
   * @param settings - horizon, population, elites, iterations, alpha, epsilon
   * @param low - lower action bound per action dimension
   * @param high - upper action bound per action dimension
   * @throws InvalidOptions for inconsistent sizes or bounds
   */
  constructor(settings: CemSettings, low: ArrayLike<number>, high: ArrayLike<number>) {
    if (low.length !== high.length || low.length === 0)
      throw new InvalidOptions('CEM bounds must be non-empty and equal in length', 'invalid_bounds');
    if (!(settings.elites >= 1 && settings.elites <= settings.population)) {
      throw new InvalidOptions(
        `CEM needs 1 <= elites (${settings.elites}) <= population (${settings.population})`,
        'invalid_options',
        { option: 'elites' },
      );
    }
    this.settings = settings;
    this.actionDim = low.length;
    this.dim = settings.horizon * this.actionDim;
    this.low = new Float64Array(this.dim);
    this.high = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) {
      this.low[i] = low[i % this.actionDim]!;
      this.high[i] = high[i % this.actionDim]!;
      if (!(this.low[i]! < this.high[i]!))
        throw new InvalidOptions('CEM bounds need low < high', 'invalid_bounds', { index: i });
    }
    this.variance = new Float64Array(this.dim);
    this.std = new Float64Array(this.dim);
    this.samples = new Float64Array(settings.population * this.dim);
    this.costs = new Float64Array(settings.population);
    this.order = new Int32Array(settings.population);
    this.draws = new Float64Array(this.actionDim);
  }

  /** PETS' initial variance per entry: (high − low)² / 16. */
  initialVariance(i: number): number {
    const w = this.high[i]! - this.low[i]!;
    return (w * w) / 16;
  }

  /**
   * Runs CEM from `mean` (the warm start, `horizon × actionDim` entries) and overwrites it with the solution.
   * The variance starts at {@link CemOptimizer.initialVariance} every solve (PETS does not carry it over).
   */
  optimize(mean: Float64Array, rng: Rng, cost: CemCostFn): CemReport {
    const { dim, variance, std, samples, costs, order, low, high, draws } = this;
    const { horizon, population, elites, iterations, alpha, epsilon } = this.settings;
    const hold = this.settings.sampleHold ?? 1;
    const A = this.actionDim;
    if (mean.length !== dim) {
      throw new GymError(`CEM mean must have ${dim} entries, got ${mean.length}`, 'invalid_plan', {
        length: mean.length,
      });
    }
    for (let i = 0; i < dim; i++) variance[i] = this.initialVariance(i);
    const eliteCosts: number[] = [];
    let bestCost = Number.POSITIVE_INFINITY;
    let it = 0;
    while (it < iterations && maxOf(variance) > epsilon) {
      for (let i = 0; i < dim; i++) {
        const lo = (mean[i]! - low[i]!) / 2;
        const hi = (high[i]! - mean[i]!) / 2;
        std[i] = Math.sqrt(Math.min(variance[i]!, lo * lo, hi * hi));
      }
      for (let p = 0; p < population; p++) {
        for (let t = 0; t < horizon; t++) {
          if (t % hold === 0) for (let k = 0; k < A; k++) draws[k] = truncatedStandardNormal(rng);
          for (let k = 0; k < A; k++) {
            const i = t * A + k;
            samples[p * dim + i] = mean[i]! + std[i]! * draws[k]!;
          }
        }
      }
      cost(samples, population, costs);
      for (let p = 0; p < population; p++) {
        if (!Number.isFinite(costs[p]!)) costs[p] = CEM_NAN_COST;
        if (costs[p]! < bestCost) bestCost = costs[p]!;
        order[p] = p;
      }
      order.sort((a, b) => costs[a]! - costs[b]! || a - b);
      let eliteSum = 0;
      for (let e = 0; e < elites; e++) eliteSum += costs[order[e]!]!;
      eliteCosts.push(eliteSum / elites);
      for (let i = 0; i < dim; i++) {
        let s = 0;
        for (let e = 0; e < elites; e++) s += samples[order[e]! * dim + i]!;
        const eliteMean = s / elites;
        let v = 0;
        for (let e = 0; e < elites; e++) {
          const d = samples[order[e]! * dim + i]! - eliteMean;
          v += d * d;
        }
        const eliteVar = v / elites;
        mean[i] = alpha * mean[i]! + (1 - alpha) * eliteMean;
        variance[i] = alpha * variance[i]! + (1 - alpha) * eliteVar;
      }
      it++;
    }
    return { iterations: it, eliteCosts, bestCost };
  }
}

/** A standard-normal draw conditioned on |z| ≤ 2 (rejection sampling; acceptance ≈ 95.4 %). */
export function truncatedStandardNormal(rng: Rng): number {
  for (;;) {
    const z = rng.normal();
    if (z >= -CEM_TRUNCATION_SIGMAS && z <= CEM_TRUNCATION_SIGMAS) return z;
  }
}

/**
 * Warm start for the next decision (PETS `MPC.act`): drops the first action of `plan` (the one just executed),
 * shifts the rest forward and sets the last action to `tail` (PETS: the middle of the bounds, i.e. zeros).
 */
export function shiftPlan(plan: Float64Array, tail: ArrayLike<number>): void {
  const actionDim = tail.length;
  plan.copyWithin(0, actionDim);
  for (let k = 0; k < actionDim; k++) plan[plan.length - actionDim + k] = tail[k]!;
}

function maxOf(values: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}
