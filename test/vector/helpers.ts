/**
 * Helpers of the vector-env tests: canonical bit-level encodings and one-by-one reference runs.
 */
import type { Env } from '../../src/core/env.js';
import type { Info } from '../../src/core/types.js';

/**
 * A canonical encoding of a value that distinguishes every bit: typed arrays become their type and bytes,
 * numbers their float64 bytes (so -0 and NaN payloads count), objects their entries sorted by key.
 */
export function canon(value: unknown): unknown {
  if (typeof value === 'number') return `num:${Buffer.from(Float64Array.of(value).buffer).toString('hex')}`;
  if (ArrayBuffer.isView(value)) {
    return `${value.constructor.name}:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  }
  if (Array.isArray(value)) return value.map(canon);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canon(v)]);
  }
  return value;
}

/** Row `i` of a batched Dict-of-arrays observation. */
export function obsRow(
  obs: unknown,
  i: number,
  dims: Readonly<Record<string, number>>,
): Record<string, Float64Array> {
  const o = obs as Record<string, Float64Array>;
  const out: Record<string, Float64Array> = {};
  for (const [k, d] of Object.entries(dims)) out[k] = o[k]!.slice(i * d, (i + 1) * d);
  return out;
}

/** Deterministic actions: row `i` of step `t` (2-d, some entries out of bounds to exercise clipping). */
export function actionRow(t: number, i: number, dim = 2): Float32Array {
  return Float32Array.from({ length: dim }, (_, j) => 1.3 * Math.sin(0.7 * t + 1.9 * i + 2.3 * j));
}

/** The batched (flat row-major) action of step `t`. */
export function batchedAction(t: number, numEnvs: number, dim = 2): Float32Array {
  const out = new Float32Array(numEnvs * dim);
  for (let i = 0; i < numEnvs; i++) out.set(actionRow(t, i, dim), i * dim);
  return out;
}

/** What one sub-env reports in one vector step, computed by driving a plain env by hand. */
export interface RefStep {
  readonly obs: unknown;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
  readonly finalObs?: unknown;
  readonly finalInfo?: Info;
}

/**
 * Runs one env by hand under an autoreset mode: returns the reset result and one {@link RefStep} per
 * action, exactly as the spec describes the vector semantics.
 */
export function referenceRun(
  env: Env<unknown, unknown>,
  seed: number,
  actions: readonly unknown[],
  mode: 'next-step' | 'same-step',
): { reset: { obs: unknown; info: Info }; steps: RefStep[] } {
  const reset = env.reset({ seed });
  const steps: RefStep[] = [];
  let pending = false;
  for (const a of actions) {
    if (mode === 'next-step') {
      if (pending) {
        const r = env.reset();
        steps.push({ obs: r.obs, reward: 0, terminated: false, truncated: false, info: r.info });
        pending = false;
        continue;
      }
      const r = env.step(a);
      pending = r.terminated || r.truncated;
      steps.push(r);
    } else {
      const r = env.step(a);
      if (r.terminated || r.truncated) {
        const n = env.reset();
        steps.push({ ...r, obs: n.obs, info: n.info, finalObs: r.obs, finalInfo: r.info });
      } else {
        steps.push(r);
      }
    }
  }
  return { reset, steps };
}
