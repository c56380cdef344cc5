/**
 * SlipperyPush-v0: Push with every surface at friction 0.18 (RPL `SlipperyPushEnv`).
 *
 * @module
 */
import { SLIPPERY_FRICTION } from './constants.js';
import { FetchEnv, type FetchEnvOptions, type FetchTaskConfig } from './fetch-env.js';
import { pushConfig } from './push.js';

/**
 * The SlipperyPush task: Push with the sliding friction of every collider (table, block, floor, gripper)
 * set to 0.18, as RPL's `SlipperyPushEnv` sets (0.18, 0.005, 0.0001) on every MuJoCo geom.
 *
 * How Rapier realises the 0.18 block–table coefficient: Rapier stores one coefficient per collider and
 * combines the two colliders of a contact pair with a combine rule; every collider here keeps the default
 * rule `Average`, so the block–table pair gets (0.18 + 0.18) / 2 = 0.18 exactly (and block–finger the same).
 * MuJoCo combines by max, which gives the same 0.18 because both sides are equal. MuJoCo's torsional
 * (0.005) and rolling (0.0001) terms have no Rapier counterpart and are dropped (known deviation).
 */
export const slipperyPushConfig: FetchTaskConfig = Object.freeze({
  ...pushConfig,
  name: 'SlipperyPush',
  blockTableFriction: SLIPPERY_FRICTION,
  gripperFriction: SLIPPERY_FRICTION,
});

/**
 * SlipperyPush-v0: identical to {@link PushEnv} (same action, observation, reward, start state and
 * 50-step episodes; see its tables) except that every surface has sliding friction 0.18 instead of 1.0, so
 * a pushed block keeps sliding (about 5.6× farther for the same speed). RPL's base policy for it is the
 * miscalibrated scripted push (`ScriptedPushPolicy`).
 *
 * ## Version history
 * - v0: first Rapier version.
 */
export class SlipperyPushEnv extends FetchEnv {
  /** @param options - see {@link FetchEnvOptions} */
  constructor(options: FetchEnvOptions = {}) {
    super(slipperyPushConfig, options);
  }
}
