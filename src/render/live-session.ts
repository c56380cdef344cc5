/**
 * Streams a running env to a {@link LiveViewer}: episodes of a policy, back to back, paced at the render rate,
 * one published frame per step.
 *
 * @module
 */
import type { BasePolicy } from '../base-policies/policy.js';
import type { Env } from '../core/env.js';
import { GymError } from '../errors.js';
import type { LiveViewer } from './live-server.js';
import { DEFAULT_MAX_RECORDED_STEPS, fpsOf, successOf } from './recorder.js';
import { goalOf, worldOf } from './scene-description.js';

/** Options of {@link runLiveSession}. */
export interface LiveSessionOptions {
  /** Seed of the first episode; episode k uses `seed + k`. */
  readonly seed: number;
  /** Number of episodes (default: until {@link LiveSession.stop}). */
  readonly episodes?: number;
  /** Steps per second (default: the env's `metadata.renderFps`, else 25). */
  readonly fps?: number;
  /** Step limit per episode when the env has no time limit (default 1000). */
  readonly maxSteps?: number;
  /** Called after each episode with its index, return and success. */
  readonly onEpisode?: (episode: number, episodeReturn: number, success: boolean) => void;
}

/** A running live session. */
export interface LiveSession {
  /** Resolves when the session ended (episodes done or stopped); rejects if the env or policy threw. */
  readonly done: Promise<void>;
  /** Asks the session to stop after the current step; resolves when it has. */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `policy` in `env` and publishes every step to `viewer`. Steps are paced at `fps`, yielding to the
 * event loop between steps so the server keeps accepting pages. The caller owns env, policy and viewer.
 *
 * @throws GymError `not_physics_backed` (through `done`) if the env exposes no Rapier world
 */
export function runLiveSession<O, A>(
  env: Env<O, A>,
  policy: BasePolicy<O, A>,
  viewer: LiveViewer,
  options: LiveSessionOptions,
): LiveSession {
  const anyEnv = env as unknown as Env<unknown, unknown>;
  const fps = options.fps ?? fpsOf(anyEnv);
  if (!(fps > 0) || !Number.isFinite(fps)) {
    throw new GymError(`fps must be a positive number, got ${fps}`, 'invalid_fps', { fps });
  }
  const periodMs = 1000 / fps;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_RECORDED_STEPS;
  let stopping = false;
  const loop = async (): Promise<void> => {
    for (
      let episode = 0;
      !stopping && (options.episodes === undefined || episode < options.episodes);
      episode++
    ) {
      const seed = options.seed + episode;
      let { obs } = env.reset({ seed });
      policy.reset({ seed, env });
      viewer.publish(worldOf(anyEnv), { episode, step: 0, goal: goalOf(obs) });
      let episodeReturn = 0;
      let success = false;
      for (let step = 1; step <= maxSteps && !stopping; step++) {
        const t0 = performance.now();
        const r = env.step(policy.act(obs));
        obs = r.obs;
        episodeReturn += r.reward;
        const s = successOf(r.info);
        success = s ?? false;
        viewer.publish(worldOf(anyEnv), { episode, step, goal: goalOf(obs), reward: r.reward, success: s });
        await sleep(Math.max(0, periodMs - (performance.now() - t0)));
        if (r.terminated || r.truncated) break;
      }
      options.onEpisode?.(episode, episodeReturn, success);
    }
  };
  const done = loop();
  return {
    done,
    stop: async () => {
      stopping = true;
      await done.catch(() => undefined);
    },
  };
}
