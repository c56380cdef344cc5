/**
 * Registration data of the Fetch tasks (registered elsewhere; this file only lists them).
 *
 * @module
 */
import type { EnvSpecInit } from '../../core/env-spec.js';
import { MAX_EPISODE_STEPS } from './constants.js';
import { FETCH_ENV_OPTIONS_SCHEMA, type FetchEnvOptions } from './fetch-env.js';
import { PickAndPlaceEnv } from './pick-and-place.js';
import { PushEnv } from './push.js';
import { SlipperyPushEnv } from './slippery-push.js';

/** The three Fetch ids with their factories, 50-step limits, option schemas and descriptions. */
export const fetchEnvSpecs: readonly { readonly id: string; readonly init: EnvSpecInit }[] = Object.freeze([
  {
    id: 'Push-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) => new PushEnv(kwargs as FetchEnvOptions),
      maxEpisodeSteps: MAX_EPISODE_STEPS,
      optionsSchema: FETCH_ENV_OPTIONS_SCHEMA,
      description:
        'Fetch gripper (fingers closed) pushes a 5 cm block to a goal on the table (gym FetchPush-v1)',
    },
  },
  {
    id: 'SlipperyPush-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) =>
        new SlipperyPushEnv(kwargs as FetchEnvOptions),
      maxEpisodeSteps: MAX_EPISODE_STEPS,
      optionsSchema: FETCH_ENV_OPTIONS_SCHEMA,
      description: 'Push with friction 0.18 on every surface, so the block slides (RPL SlipperyPush)',
    },
  },
  {
    id: 'PickAndPlace-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) =>
        new PickAndPlaceEnv(kwargs as FetchEnvOptions),
      maxEpisodeSteps: MAX_EPISODE_STEPS,
      optionsSchema: FETCH_ENV_OPTIONS_SCHEMA,
      description:
        'Fetch gripper grasps a 5 cm block and places it at a goal on or above the table (gym FetchPickAndPlace-v1)',
    },
  },
]);
