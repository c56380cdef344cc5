/**
 * Registration data of MBRLPusher (registered elsewhere; this file only lists it).
 *
 * @module
 */
import type { EnvSpecInit } from '../../core/env-spec.js';
import { PUSHER_MAX_EPISODE_STEPS } from './constants.js';
import { MBRL_PUSHER_OPTIONS_SCHEMA, MbrlPusherEnv, type MbrlPusherOptions } from './mbrl-pusher.js';

/** The MBRLPusher id with its factory, 150-step limit, option schema and description. */
export const pusherEnvSpecs: readonly { readonly id: string; readonly init: EnvSpecInit }[] = Object.freeze([
  {
    id: 'MBRLPusher-v0',
    init: {
      entryPoint: (kwargs: Readonly<Record<string, unknown>>) =>
        new MbrlPusherEnv(kwargs as MbrlPusherOptions),
      maxEpisodeSteps: PUSHER_MAX_EPISODE_STEPS,
      optionsSchema: MBRL_PUSHER_OPTIONS_SCHEMA,
      description:
        '7-DoF torque-controlled arm pushes a frictionless puck to a fixed goal (RPL OtherPusherEnv / PETS MBRLPusher)',
    },
  },
]);
