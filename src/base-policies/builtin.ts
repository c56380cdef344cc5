/**
 * Registers every built-in base policy by name (imported for its side effect by the env registry), so that
 * residual env specs name their base policy with plain data and `make(spec)` can rebuild them.
 *
 * @module
 */
import { HookPolicy } from './hook.js';
import { type MpcPushOptions, MpcPushPolicy } from './mpc-push.js';
import { OscillatingPickAndPlacePolicy, PickAndPlacePolicy } from './pick-and-place.js';
import { RandomPolicy } from './random-policy.js';
import { registerBasePolicy } from './registry.js';
import { ScriptedPushPolicy, type ScriptedPushOptions } from './scripted-push.js';

registerBasePolicy('random', () => new RandomPolicy());
registerBasePolicy('scripted-push', (options) => new ScriptedPushPolicy(options as ScriptedPushOptions));
registerBasePolicy('oscillating-pick-and-place', () => new OscillatingPickAndPlacePolicy());
registerBasePolicy('pick-and-place', () => new PickAndPlacePolicy());
registerBasePolicy('hook', () => new HookPolicy());
registerBasePolicy('mpc-push', (options) => new MpcPushPolicy(options as MpcPushOptions));
