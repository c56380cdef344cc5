/**
 * Registration data of the Hook tasks (registered elsewhere; this file only lists them).
 *
 * @module
 */
import type { EnvSpecInit } from '../../core/env-spec.js';
import {
  COMPLEX_HOOK_ENV_OPTIONS_SCHEMA,
  ComplexHookEnv,
  type ComplexHookEnvOptions,
} from './complex-hook.js';
import { HOOK_MAX_EPISODE_STEPS } from './constants.js';
import { HookEnv } from './hook.js';
import { HOOK_ENV_OPTIONS_SCHEMA, type HookEnvOptions } from './hook-env.js';
import { NOISY_HOOK_ENV_OPTIONS_SCHEMA, NoisyHookEnv, type NoisyHookEnvOptions } from './noisy-hook.js';

/** The three Hook ids with their factories, 100-step limits, option schemas and descriptions. */
export const hookEnvSpecs: readonly { readonly id: string; readonly init: EnvSpecInit }[] = Object.freeze([
  {
    id: 'Hook-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) => new HookEnv(kwargs as HookEnvOptions),
      maxEpisodeSteps: HOOK_MAX_EPISODE_STEPS,
      optionsSchema: HOOK_ENV_OPTIONS_SCHEMA,
      description:
        'Fetch gripper grasps an L-shaped hook and pulls an out-of-reach block to a goal (RPL FetchHook)',
    },
  },
  {
    id: 'NoisyHook-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) =>
        new NoisyHookEnv(kwargs as NoisyHookEnvOptions),
      maxEpisodeSteps: HOOK_MAX_EPISODE_STEPS,
      optionsSchema: NOISY_HOOK_ENV_OPTIONS_SCHEMA,
      description:
        'Hook with Gaussian sensor noise (σ 0.025) and two stacked frames, 80-d (RPL TwoFrameHookNoisy)',
    },
  },
  {
    id: 'ComplexHook-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) =>
        new ComplexHookEnv(kwargs as ComplexHookEnvOptions),
      maxEpisodeSteps: HOOK_MAX_EPISODE_STEPS,
      optionsSchema: COMPLEX_HOOK_ENV_OPTIONS_SCHEMA,
      description: 'Hook with one of 100 procedural objects and 5–15 bumps on the table (RPL ComplexHook)',
    },
  },
]);
