/**
 * Env factories for the vector-env tests. They are exported functions (not closures) so that async vector
 * envs can build them inside workers from `{ module: FIXTURES_URL, exportName, args }` recipes.
 */
import type { Env } from '../../src/core/env.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import type { Info, ResetArgs, ResetResult, StepResult } from '../../src/core/types.js';
import { Wrapper } from '../../src/core/wrapper.js';
import { GymError } from '../../src/errors.js';
import { make, register, registry } from '../../src/registry/registry.js';
import type { ModuleEnvRecipe } from '../../src/vector/types.js';
import { POINT_MASS_ID, pointMassSpec } from '../fixtures/point-mass-env.js';

/** File URL of this module, for recipes. */
export const FIXTURES_URL = new URL('./vector-fixtures.ts', import.meta.url).href;

/** A module recipe for `exportName(args)` of this module. */
export function recipe(exportName: string, args?: unknown): ModuleEnvRecipe {
  return args === undefined
    ? { module: FIXTURES_URL, exportName }
    : { module: FIXTURES_URL, exportName, args };
}

/** Registers the point-mass fixture if needed (in whichever thread calls it). */
export function ensurePointMassRegistered(): void {
  if (!registry.has(POINT_MASS_ID)) register(POINT_MASS_ID, pointMassSpec);
}

/** Options of {@link makeEpisodic}. */
export interface EpisodicArgs {
  /** TimeLimit of the episodes. */
  readonly maxEpisodeSteps?: number;
  /** Terminate when |x| of the point exceeds this (so episode lengths differ between seeds). */
  readonly terminateBeyond?: number;
  /** Throw on this step (counted over the env's lifetime, 1-based). */
  readonly throwAtStep?: number;
  /** Call `process.exit(3)` on this step (counted over the env's lifetime, 1-based). */
  readonly exitAtStep?: number;
  /** Busy-wait this many milliseconds (wall clock) in every step. */
  readonly busyMs?: number;
  /** Burn this many iterations of floating-point work in every step (fixed CPU work, like a physics step). */
  readonly workIters?: number;
  /** Add rich info entries (numbers, booleans, nested objects, typed arrays, strings). */
  readonly richInfo?: boolean;
}

/**
 * The point-mass fixture made with `make` (TimeLimit + OrderEnforcing + checker) and wrapped in
 * {@link EpisodicWrapper}.
 */
export function makeEpisodic(args: EpisodicArgs = {}): Env<GoalObs, Float32Array> {
  ensurePointMassRegistered();
  const env = make<GoalObs, Float32Array>(POINT_MASS_ID, { maxEpisodeSteps: args.maxEpisodeSteps ?? 50 });
  return new EpisodicWrapper(env, args);
}

/** The plain point mass fixture built with `make`. */
export function makePointMass(args: { maxEpisodeSteps?: number } = {}): Env<GoalObs, Float32Array> {
  ensurePointMassRegistered();
  return make<GoalObs, Float32Array>(POINT_MASS_ID, args);
}

/** Adds early termination, failures, busy time and rich infos to an env (see {@link EpisodicArgs}). */
export class EpisodicWrapper extends Wrapper<GoalObs, Float32Array> {
  private readonly args: EpisodicArgs;
  private lifetimeSteps = 0;
  private resets = 0;
  private sink = 0;
  /** A plain attribute for getAttr/setAttr tests. */
  label = 'episodic';

  constructor(env: Env<GoalObs, Float32Array>, args: EpisodicArgs) {
    super(env);
    this.args = args;
  }

  /** A method for call tests. */
  scaled(factor: number): number {
    return this.lifetimeSteps * factor;
  }

  override reset(args?: ResetArgs): ResetResult<GoalObs> {
    const r = this.env.reset(args);
    this.resets++;
    if (!this.args.richInfo) return r;
    return { obs: r.obs, info: { ...r.info, reset_count: this.resets, seeded: args?.seed !== undefined } };
  }

  override step(action: Float32Array): StepResult<GoalObs> {
    this.lifetimeSteps++;
    if (this.args.busyMs) {
      const end = performance.now() + this.args.busyMs;
      while (performance.now() < end) {
        // burn CPU like a physics step
      }
    }
    if (this.args.workIters) this.sink += burn(this.args.workIters);
    if (this.lifetimeSteps === this.args.throwAtStep) {
      throw new GymError(`fixture failure at step ${this.lifetimeSteps}`, 'fixture_failure', {
        step: this.lifetimeSteps,
      });
    }
    if (this.lifetimeSteps === this.args.exitAtStep) process.exit(3);
    const r = this.env.step(action);
    const x = r.obs.observation[0]!;
    const terminated =
      r.terminated || (this.args.terminateBeyond !== undefined && Math.abs(x) > this.args.terminateBeyond);
    let info: Info = r.info;
    if (this.args.richInfo) {
      info = {
        ...r.info,
        x,
        far: Math.abs(x) > 0.5,
        nested: { step: this.lifetimeSteps, parity: this.lifetimeSteps % 2 === 0 },
        base_action: Float64Array.of(action[0]!, action[1]!),
        tag: `s${this.lifetimeSteps}`,
        ...(x > 0 ? { only_positive: x } : {}),
      };
    }
    return { obs: r.obs, reward: r.reward, terminated, truncated: r.truncated, info };
  }
}

/** Fixed floating-point work (returns a value so that it cannot be optimised away). */
export function burn(iters: number): number {
  let acc = 0;
  for (let k = 0; k < iters; k++) acc += Math.sqrt(k + acc * 1e-9);
  return acc;
}
