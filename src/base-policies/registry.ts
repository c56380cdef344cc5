import type { Env } from '../core/env.js';
import { GymError } from '../errors.js';
import type { BasePolicy } from './policy.js';

/** Builds a base policy from JSON-serialisable options. */
export type BasePolicyFactory = (options: Readonly<Record<string, unknown>>) => BasePolicy<unknown, unknown>;

const factories = new Map<string, BasePolicyFactory>();

/**
 * Registers a base policy under a name, so that residual env specs can name their base policy with plain
 * data (and `make(spec)` can rebuild a residual env from its spec).
 */
export function registerBasePolicy(name: string, factory: BasePolicyFactory): void {
  factories.set(name, factory);
}

/**
 * Builds a registered base policy.
 *
 * @throws GymError (code `unknown_policy`) naming the registered policies
 */
export function makeBasePolicy<O = unknown, A = unknown>(
  name: string,
  options: Readonly<Record<string, unknown>> = {},
): BasePolicy<O, A> {
  const factory = factories.get(name);
  if (!factory) {
    throw new GymError(
      `unknown base policy '${name}'; registered: ${basePolicyNames().join(', ')}`,
      'unknown_policy',
      {
        name,
      },
    );
  }
  return factory(options) as unknown as BasePolicy<O, A>;
}

/** Names of the registered base policies, sorted. */
export function basePolicyNames(): string[] {
  return [...factories.keys()].sort();
}

/** A policy that always returns zeros of the env's action shape (a zero-cost baseline for benchmarks). */
export class ZeroPolicy implements BasePolicy<unknown, Float32Array> {
  readonly name = 'zero';
  private action = new Float32Array(0);

  reset(ctx: { seed: number; env: Env<unknown, Float32Array> }): void {
    const shape = ctx.env.actionSpace.shape ?? [0];
    this.action = new Float32Array(shape.reduce((a, b) => a * b, 1));
  }

  act(): Float32Array {
    return this.action;
  }
}

registerBasePolicy('zero', () => new ZeroPolicy());
