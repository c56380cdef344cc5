import type { BasePolicy } from '../base-policies/policy.js';
import type { Env } from '../core/env.js';
import type { GoalObs } from '../core/goal-env.js';
import type { ActionInput } from '../core/types.js';
import { median, type ProportionInterval, wilsonInterval } from './wilson.js';

/** Outcome of one evaluated episode. */
export interface EpisodeOutcome {
  /** The reset seed. */
  readonly seed: number;
  /** `info.is_success` of the last step (1 or 0). */
  readonly success: number;
  /** Sum of rewards. */
  readonly return: number;
  /** Steps taken. */
  readonly length: number;
  /** Distance between achieved and desired goal after the last step (m). */
  readonly finalDistance: number;
}

/** Aggregate of an evaluation. */
export interface EvaluationSummary {
  readonly episodes: number;
  readonly success: ProportionInterval;
  readonly meanReturn: number;
  readonly meanFinalDistance: number;
  /** Median wall time of one policy decision (ms). */
  readonly decisionMsMedian: number;
  /** Env steps per second of the whole loop (policy included). */
  readonly stepsPerSecond: number;
  readonly outcomes: readonly EpisodeOutcome[];
}

/** Chooses the agent's action; for base-policy evaluation this is the policy itself. */
export type ActFn = (obs: GoalObs) => ActionInput;

/** Options of {@link evaluatePolicy}. */
export interface EvaluateOptions {
  /** Reset seeds, one episode each. */
  readonly seeds: readonly number[];
  /** Called after each episode (progress bars). */
  readonly onEpisode?: (done: number, total: number, outcome: EpisodeOutcome) => void;
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/**
 * Runs `policy` on `env` for one episode per seed (the env must end episodes by itself, e.g. through the
 * TimeLimit of `make`), and summarises success (with a 95 % Wilson interval), return, final distance, decision
 * time and throughput.
 */
export function evaluatePolicy(
  env: Env<GoalObs, ActionInput>,
  policy: BasePolicy<GoalObs, ActionInput>,
  options: EvaluateOptions,
): EvaluationSummary {
  const outcomes: EpisodeOutcome[] = [];
  const decisionMs: number[] = [];
  let steps = 0;
  const start = performance.now();
  for (const seed of options.seeds) {
    let { obs } = env.reset({ seed });
    policy.reset({ seed, env });
    let ret = 0;
    let length = 0;
    let success = 0;
    for (;;) {
      const t0 = performance.now();
      const action = policy.act(obs);
      decisionMs.push(performance.now() - t0);
      const r = env.step(action);
      ret += r.reward;
      length++;
      obs = r.obs;
      success = Number(r.info.is_success ?? 0);
      if (r.terminated || r.truncated) break;
    }
    steps += length;
    const outcome: EpisodeOutcome = {
      seed,
      success,
      return: ret,
      length,
      finalDistance: distance(obs.achieved_goal, obs.desired_goal),
    };
    outcomes.push(outcome);
    options.onEpisode?.(outcomes.length, options.seeds.length, outcome);
  }
  const seconds = (performance.now() - start) / 1000;
  const n = outcomes.length;
  return {
    episodes: n,
    success: wilsonInterval(
      outcomes.reduce((s, o) => s + o.success, 0),
      n,
    ),
    meanReturn: outcomes.reduce((s, o) => s + o.return, 0) / n,
    meanFinalDistance: outcomes.reduce((s, o) => s + o.finalDistance, 0) / n,
    decisionMsMedian: median(decisionMs),
    stepsPerSecond: steps / seconds,
    outcomes,
  };
}
