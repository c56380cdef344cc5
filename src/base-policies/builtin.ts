/**
 * Registers every built-in base policy by name (imported for its side effect by the env registry), so that
 * residual env specs name their base policy with plain data and `make(spec)` can rebuild them.
 *
 * @module
 */
import { createPusherDatabasePolicy } from './database-policy.js';
import { HookPolicy } from './hook.js';
import { createPusherCemMpcPolicy, type PusherCemMpcOptions } from './mpc/pusher-mpc.js';
import { type MpcPushOptions, MpcPushPolicy } from './mpc-push.js';
import { OscillatingPickAndPlacePolicy, PickAndPlacePolicy } from './pick-and-place.js';
import { RandomPolicy } from './random-policy.js';
import { registerBasePolicy } from './registry.js';
import { type ScriptedPushOptions, ScriptedPushPolicy } from './scripted-push.js';

registerBasePolicy('random', () => new RandomPolicy());
registerBasePolicy('scripted-push', (options) => new ScriptedPushPolicy(options as ScriptedPushOptions));
registerBasePolicy('oscillating-pick-and-place', () => new OscillatingPickAndPlacePolicy());
registerBasePolicy('pick-and-place', () => new PickAndPlacePolicy());
registerBasePolicy('hook', () => new HookPolicy());
registerBasePolicy('mpc-push', (options) => new MpcPushPolicy(options as MpcPushOptions));
registerBasePolicy('database-pusher', (options) => createPusherDatabasePolicy(options));
registerBasePolicy('cem-mpc-pusher', (options) => createPusherCemMpcPolicy(options as PusherCemMpcOptions));
