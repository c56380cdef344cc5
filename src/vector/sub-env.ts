/**
 * One sub-env of a vector env with its autoreset bookkeeping. Both the synchronous vector env and the worker
 * of the asynchronous one drive their envs through this class, so their results cannot differ.
 *
 * @module
 */
import type { Env } from '../core/env.js';
import type { Info, RenderFrame, ResetArgs } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { GymError, ResetNeeded } from '../errors.js';
import type { AutoresetMode } from './types.js';

/** The outcome of one vector step for one sub-env. */
export interface SubEnvStep {
  /** Observation to report (the reset observation after an autoreset). */
  readonly obs: unknown;
  /** Reward to report (0 for a next-step autoreset). */
  readonly reward: number;
  /** Terminated flag to report. */
  readonly terminated: boolean;
  /** Truncated flag to report. */
  readonly truncated: boolean;
  /** Info to report (the reset info after an autoreset). */
  readonly info: Info;
  /** Same-step mode only, when the episode ended: the true final observation. */
  readonly finalObs?: unknown;
  /** Same-step mode only, when the episode ended: the final step's info. */
  readonly finalInfo?: Info;
}

/**
 * Drives one env under an {@link AutoresetMode}.
 */
export class SubEnv {
  /** The driven env. */
  readonly env: Env<unknown, unknown>;
  /** Index of this sub-env in its vector env. */
  readonly index: number;
  /** The autoreset mode. */
  readonly mode: AutoresetMode;
  /** Next-step mode: the next step resets. Disabled mode: the episode ended and awaits a reset. */
  private needsReset = false;

  /**
   * @param env - the env to drive
   * @param index - its index in the vector env (for error messages)
   * @param mode - the autoreset mode
   */
  constructor(env: Env<unknown, unknown>, index: number, mode: AutoresetMode) {
    this.env = env;
    this.index = index;
    this.mode = mode;
  }

  /**
   * Resets the env (seed `null`/`undefined`: continue the stream) and clears the autoreset flag.
   *
   * @param options - passed on when defined
   */
  reset(
    seed: number | null | undefined,
    options: Readonly<Record<string, unknown>> | undefined,
  ): {
    obs: unknown;
    info: Info;
  } {
    const args: { seed?: number; options?: Readonly<Record<string, unknown>> } = {};
    if (seed !== null && seed !== undefined) args.seed = seed;
    if (options !== undefined) args.options = options;
    const r = this.env.reset(args as ResetArgs);
    this.needsReset = false;
    return { obs: r.obs, info: r.info };
  }

  /**
   * Steps the env, or resets it according to the autoreset mode.
   *
   * @throws ResetNeeded in `'disabled'` mode when the episode ended and the sub-env was not reset
   */
  step(action: unknown): SubEnvStep {
    switch (this.mode) {
      case 'next-step': {
        if (this.needsReset) {
          const r = this.env.reset();
          this.needsReset = false;
          return { obs: r.obs, reward: 0, terminated: false, truncated: false, info: r.info };
        }
        const r = this.env.step(action);
        this.needsReset = r.terminated || r.truncated;
        return r;
      }
      case 'same-step': {
        const r = this.env.step(action);
        if (!(r.terminated || r.truncated)) return r;
        const next = this.env.reset();
        return {
          obs: next.obs,
          reward: r.reward,
          terminated: r.terminated,
          truncated: r.truncated,
          info: next.info,
          finalObs: r.obs,
          finalInfo: r.info,
        };
      }
      case 'disabled': {
        if (this.needsReset) throw endedSubEnvsError([this.index]);
        const r = this.env.step(action);
        this.needsReset = r.terminated || r.truncated;
        return r;
      }
      default:
        throw new GymError(`unknown autoreset mode ${String(this.mode)}`, 'invalid_autoreset_mode');
    }
  }

  /** True in `'disabled'` mode when the episode ended and the sub-env has not been reset since. */
  get awaitingReset(): boolean {
    return this.mode === 'disabled' && this.needsReset;
  }

  /** The env's render output. */
  render(): RenderFrame | RenderFrame[] | null {
    return this.env.render();
  }

  /**
   * Gymnasium `call`: the value of attribute `name` of the outermost wrapper layer that has it, called with
   * `args` if it is a function.
   *
   * @throws GymError if no layer has the attribute
   */
  call(name: string, args: readonly unknown[]): unknown {
    const owner = findOwner(this.env, name);
    const value = (owner as unknown as Record<string, unknown>)[name];
    return typeof value === 'function'
      ? (value as (...a: unknown[]) => unknown).apply(owner, [...args])
      : value;
  }

  /**
   * Sets attribute `name` on the outermost layer that has it (the outer env if none has it).
   */
  setAttr(name: string, value: unknown): void {
    let owner: Env<unknown, unknown> = this.env;
    try {
      owner = findOwner(this.env, name);
    } catch {
      // a new attribute goes on the outer env
    }
    (owner as unknown as Record<string, unknown>)[name] = value;
  }

  /** Closes the env. */
  close(): void {
    this.env.close();
  }
}

/**
 * The error for stepping ended sub-envs with autoreset disabled (Gymnasium asserts).
 *
 * @param indices - the ended sub-envs
 */
export function endedSubEnvsError(indices: readonly number[]): ResetNeeded {
  return new ResetNeeded(
    `sub-env${indices.length > 1 ? 's' : ''} ${indices.join(', ')} ended ${indices.length > 1 ? 'their episodes' : 'its episode'} and autoreset is disabled; reset ${indices.length > 1 ? 'them' : 'it'} with reset({ options: { reset_mask } }) first`,
    'vector_reset_needed',
    { indices: [...indices] },
  );
}

/** The outermost wrapper layer of `env` that has attribute `name`. */
function findOwner(env: Env<unknown, unknown>, name: string): Env<unknown, unknown> {
  let e: Env<unknown, unknown> = env;
  for (;;) {
    if (name in e) return e;
    if (!(e instanceof Wrapper)) break;
    e = e.env as Env<unknown, unknown>;
  }
  throw new GymError(`no layer of ${env.toString()} has an attribute '${name}'`, 'missing_attribute', {
    name,
  });
}
