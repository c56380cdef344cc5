/**
 * NoisyHook-v0: Hook with Gaussian observation noise and two stacked frames (RPL `TwoFrameHookNoisyEnv`).
 *
 * @module
 */
import { compileOptionsValidator, type JsonSchema } from '../../core/options.js';
import { NOISY_HOOK_NOISE_STD } from './constants.js';
import { hookConfig } from './hook.js';
import {
  CUBE_LAYOUT,
  HOOK_ENV_OPTION_PROPERTIES,
  HookEnvBase,
  type HookEnvOptions,
  type HookTaskConfig,
} from './hook-env.js';

/** The NoisyHook task: Hook's scene and sampling, noise σ = 0.025 on the spec's entries, two frames. */
export const noisyHookConfig: HookTaskConfig = Object.freeze({
  ...hookConfig,
  name: 'NoisyHook',
  observationNoiseStd: NOISY_HOOK_NOISE_STD,
  legacyNoiseIndexBug: true,
  stackedFrames: 2,
});

/** Options of {@link NoisyHookEnv}. */
export interface NoisyHookEnvOptions extends HookEnvOptions {
  /**
   * true (default, what the paper's agents saw): the second noised copy of block − grip overwrites entries
   * 12–14 of each frame, as the original's `obs[12:15]` does; false: it is added to entries 6–8 instead.
   */
  readonly legacyNoiseIndexBug?: boolean;
}

/** JSON Schema of {@link NoisyHookEnvOptions}. */
export const NOISY_HOOK_ENV_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: { ...HOOK_ENV_OPTION_PROPERTIES, legacyNoiseIndexBug: { type: 'boolean' } },
});

const validateOptions = compileOptionsValidator<NoisyHookEnvOptions>(NOISY_HOOK_ENV_OPTIONS_SCHEMA);

/**
 * NoisyHook-v0: the scene, action, reward, start state and 100-step episodes of {@link HookEnv} (see its
 * tables), but the agent sees noisy sensors and two frames (RPL's `TwoFrameHookNoisy-v0`, spec §3).
 *
 * ## Observation (`observation`, float64, 80 entries = previous frame 0–39, newest frame 40–79)
 * Each frame is Hook's 40-d vector with i.i.d. Gaussian noise (σ = 0.025 m or rad), drawn fresh for every
 * frame in this order: hook point 25–27 (3 draws), hook angles 28–30 (3), then 37–39 = noisy hook point −
 * grip; block x, y 3–4 (2; block z is exact), then 6–8 = noisy block − grip; then a second, independently
 * noised copy of 6–8 (3 draws) OVERWRITES 12–14 (block Euler y, z and relative x velocity) — the original's
 * indexing bug, kept by default (`legacyNoiseIndexBug: false` adds it to 6–8 instead). Grip 0–2, fingers
 * 9–10, block Euler x 11, 15–24 and the hook velocities 31–36 are exact. At reset both halves hold the same
 * frame; afterwards the first half is the previous step's frame with its noise kept.
 *
 * `achieved_goal` (true block centre) and `desired_goal` are never noised; reward and success use true
 * positions. A base policy such as `HookPolicy` acts on the newest frame.
 *
 * ## Noise stream
 * The original draws from NumPy's global generator (not reproducible). Here each episode's noise comes from
 * `env.rng.fork('obsNoise/<episodes since the last seed>')`: a named fork that consumes nothing from the env
 * generator, so NoisyHook has exactly Hook's start states for the same seed, and noisy episodes replay
 * bit-identically.
 *
 * ## Version history
 * - v0: first Rapier version.
 */
export class NoisyHookEnv extends HookEnvBase {
  /** @param options - see {@link NoisyHookEnvOptions} */
  constructor(options: NoisyHookEnvOptions = {}) {
    const opts = validateOptions(options, 'NoisyHook options');
    const config: HookTaskConfig =
      opts.legacyNoiseIndexBug === false
        ? { ...noisyHookConfig, legacyNoiseIndexBug: false }
        : noisyHookConfig;
    super(config, [CUBE_LAYOUT], opts);
  }
}
