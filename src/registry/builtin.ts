/**
 * Registers every built-in env id (imported for its side effect by the package entry and by vector-env
 * workers). Registration is data: each task family exports a list of `{ id, init }`, and every task with a
 * paper base policy also gets a `Residual<Task>-v0` id (the task wrapped in {@link ResidualWrapper}).
 *
 * @module
 */
import '../base-policies/builtin.js';
import type { EnvSpecInit } from '../core/env-spec.js';
import { fetchEnvSpecs } from '../envs/fetch/specs.js';
import { hookEnvSpecs } from '../envs/hook/specs.js';
import { pusherEnvSpecs } from '../envs/pusher/specs.js';
import { ResidualWrapper } from '../wrappers/residual.js';
import { register } from './registry.js';

/** One registration: an id and its spec fields. */
export interface BuiltinEnvSpec {
  readonly id: string;
  readonly init: EnvSpecInit;
}

/** The paper's base policy of each task (RPL §5), by task id, as a registered base-policy name + options. */
export const PAPER_BASE_POLICIES: Readonly<
  Record<string, { readonly policy: string; readonly policyOptions?: Readonly<Record<string, unknown>> }>
> = Object.freeze({
  'Push-v0': { policy: 'mpc-push' },
  'SlipperyPush-v0': { policy: 'scripted-push' },
  'PickAndPlace-v0': { policy: 'oscillating-pick-and-place' },
  'NoisyHook-v0': { policy: 'hook' },
  'ComplexHook-v0': { policy: 'hook' },
  'MBRLPusher-v0': { policy: 'database-pusher' },
});

/**
 * Base policies of tasks that have no residual id in the paper (evaluated by `residual-gym eval`, but not
 * wrapped into a `Residual<Task>-v0`): Hook-v0's scripted controller solves its task (RPL §5.2).
 */
export const REFERENCE_BASE_POLICIES: Readonly<
  Record<string, { readonly policy: string; readonly policyOptions?: Readonly<Record<string, unknown>> }>
> = Object.freeze({
  'Hook-v0': { policy: 'hook' },
});

/** The base policy `residual-gym eval` runs on a task: its paper base policy, else its reference one. */
export function basePolicyOf(
  taskId: string,
): { readonly policy: string; readonly policyOptions?: Readonly<Record<string, unknown>> } | undefined {
  return PAPER_BASE_POLICIES[taskId] ?? REFERENCE_BASE_POLICIES[taskId];
}

/** The plain task specs, in registration order. */
export const taskEnvSpecs: readonly BuiltinEnvSpec[] = Object.freeze([
  ...fetchEnvSpecs,
  ...hookEnvSpecs,
  ...pusherEnvSpecs,
]);

/**
 * `Residual<Task>-v0` for every task with a paper base policy: the same factory, limit and options as the
 * task, plus a {@link ResidualWrapper} (scale 2) outside the TimeLimit.
 */
export function residualSpecOf(task: BuiltinEnvSpec): BuiltinEnvSpec | null {
  const base = PAPER_BASE_POLICIES[task.id];
  if (base === undefined) return null;
  const kwargs = { policy: base.policy, policyOptions: { ...(base.policyOptions ?? {}) } };
  return {
    id: `Residual${task.id}`,
    init: {
      ...task.init,
      additionalWrappers: [
        {
          name: 'ResidualWrapper',
          entryPoint: (env, kw) => ResidualWrapper.fromRegistry(env as never, kw as typeof kwargs) as never,
          kwargs,
        },
      ],
      description: `${task.id} in the residual MDP: executes clip(${base.policy}(obs) + 2·action)`,
    },
  };
}

/** Every built-in spec: the tasks, then their residual versions. */
export const builtinEnvSpecs: readonly BuiltinEnvSpec[] = Object.freeze([
  ...taskEnvSpecs,
  ...taskEnvSpecs.map(residualSpecOf).filter((s): s is BuiltinEnvSpec => s !== null),
]);

for (const { id, init } of builtinEnvSpecs) register(id, init);
