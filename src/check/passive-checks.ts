import type { Env } from '../core/env.js';
import { GymError } from '../errors.js';
import { Box } from '../spaces/box.js';
import { Dict } from '../spaces/dict.js';
import { Discrete } from '../spaces/discrete.js';
import { MultiBinary } from '../spaces/multi-binary.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';
import { Space } from '../spaces/space.js';
import { Tuple } from '../spaces/tuple.js';

/**
 * Collects the findings of a check: warnings are recorded (and forwarded to `onWarn`), errors throw a
 * {@link GymError} with code `check_failed`.
 */
export class CheckReport {
  /** Warning messages, in the order found. */
  readonly warnings: string[] = [];
  /** Names of the checks that ran. */
  readonly passed: string[] = [];

  constructor(private readonly onWarn: (message: string) => void = () => {}) {}

  /** Records a warning. */
  warn(message: string): void {
    this.warnings.push(message);
    this.onWarn(message);
  }

  /** Throws a check failure. */
  fail(message: string): never {
    throw new GymError(message, 'check_failed');
  }

  /** Throws unless `condition` holds. */
  assert(condition: boolean, message: string): asserts condition {
    if (!condition) this.fail(message);
  }

  /** Records that a named check passed. */
  pass(name: string): void {
    this.passed.push(name);
  }
}

/** Space checks of §7 (both spaces, recursive into Dict/Tuple). */
export function checkSpace(space: unknown, which: 'observation' | 'action', report: CheckReport): void {
  report.assert(space instanceof Space, `the ${which} space is not a Space instance: ${String(space)}`);
  if (space instanceof Box) {
    const shape = space.shape ?? [];
    const size = shape.reduce((a, b) => a * b, 1);
    report.assert(
      space.low.length === size,
      `${which} Box low has ${space.low.length} elements for shape (${shape})`,
    );
    report.assert(
      space.high.length === size,
      `${which} Box high has ${space.high.length} elements for shape (${shape})`,
    );
    for (let i = 0; i < size; i++) {
      if (space.low[i] === space.high[i]) {
        report.warn(`the ${which} Box has maximum and minimum values equal at index ${i}`);
        break;
      }
    }
    if (which === 'observation' && Array.from(space.low).some((l, i) => l > space.high[i]!)) {
      report.warn('the observation Box has high < low in some component');
    }
  } else if (space instanceof Discrete) {
    report.assert(space.n > 0, `Discrete ${which} space has n = ${space.n} <= 0`);
    report.assert((space.shape ?? []).length === 0, `Discrete ${which} space must have shape ()`);
  } else if (space instanceof MultiDiscrete) {
    report.assert(
      space.nvec.every((n) => n > 0),
      `MultiDiscrete ${which} space has a non-positive nvec entry`,
    );
  } else if (space instanceof MultiBinary) {
    report.assert(
      (space.shape ?? []).every((n) => n > 0),
      `MultiBinary ${which} space has a non-positive dimension`,
    );
  } else if (space instanceof Tuple) {
    report.assert(space.spaces.length > 0, `empty Tuple ${which} space`);
    for (const s of space.spaces) checkSpace(s, which, report);
  } else if (space instanceof Dict) {
    report.assert(space.size > 0, `empty Dict ${which} space`);
    for (const k of space.keys()) checkSpace(space.get(k), which, report);
  }
}

/** Observation check used after reset and step (§7): warnings for dtype/containment, errors for structure. */
export function checkObservation(
  obs: unknown,
  space: Space<unknown>,
  method: string,
  report: CheckReport,
): void {
  if (space instanceof Dict) {
    report.assert(
      typeof obs === 'object' && obs !== null,
      `${method}: the observation must be an object for a Dict space`,
    );
    const keys = Object.keys(obs as object)
      .sort()
      .join(',');
    const expected = [...space.keys()].sort().join(',');
    report.assert(
      keys === expected,
      `${method}: observation keys {${keys}} differ from the space's {${expected}}`,
    );
    for (const k of space.keys())
      checkObservation((obs as Record<string, unknown>)[k], space.get(k), method, report);
    return;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(obs)) report.warn(`${method}: the observation of a Tuple space should be an array`);
    report.assert(
      Array.isArray(obs) && obs.length === space.spaces.length,
      `${method}: the observation has the wrong number of Tuple parts`,
    );
    for (const [i, s] of space.spaces.entries()) checkObservation((obs as unknown[])[i], s, method, report);
    return;
  }
  if (space instanceof Discrete) {
    if (!Number.isInteger(obs))
      report.warn(`${method}: the observation of a Discrete space should be an integer`);
  } else if (space instanceof Box) {
    if (!ArrayBuffer.isView(obs))
      report.warn(`${method}: the observation should be a typed array, got ${typeof obs}`);
    else if (!typedArrayMatches(obs, space.dtype)) {
      report.warn(
        `${method}: the observation is a ${obs.constructor.name}, the space dtype is ${space.dtype}`,
      );
    }
  } else if ((space instanceof MultiBinary || space instanceof MultiDiscrete) && !ArrayBuffer.isView(obs)) {
    report.warn(`${method}: the observation should be a typed array`);
  }
  let contained = false;
  try {
    contained = space.contains(obs);
  } catch {
    contained = false;
  }
  if (!contained) report.warn(`${method}: the observation is not within the observation space`);
}

function typedArrayMatches(arr: ArrayBufferView, dtype: string | null): boolean {
  const expected: Record<string, string> = {
    float32: 'Float32Array',
    float64: 'Float64Array',
    int8: 'Int8Array',
    int16: 'Int16Array',
    int32: 'Int32Array',
    uint8: 'Uint8Array',
    uint16: 'Uint16Array',
    uint32: 'Uint32Array',
    bool: 'Uint8Array',
  };
  return dtype === null || arr.constructor.name === expected[dtype];
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Passive reset check (§7). */
export function checkResetResult(env: Env<unknown, unknown>, result: unknown, report: CheckReport): void {
  if (typeof result !== 'object' || result === null || !('obs' in result) || !('info' in result)) {
    report.warn('reset() should return { obs, info }');
  }
  const r = result as { obs?: unknown; info?: unknown };
  report.assert(isPlainObject(r.info), `reset() info must be a plain object, got ${typeof r.info}`);
  checkObservation(r.obs, env.observationSpace, 'reset', report);
}

/** Passive step check (§7). The action itself is not validated here. */
export function checkStepResult(env: Env<unknown, unknown>, result: unknown, report: CheckReport): void {
  report.assert(typeof result === 'object' && result !== null, 'step() must return an object');
  const r = result as Record<string, unknown>;
  report.assert(
    !('done' in r),
    'step() returned the old `done` API; return terminated and truncated instead',
  );
  report.assert(
    ['obs', 'reward', 'terminated', 'truncated', 'info'].every((k) => k in r),
    'step() must return { obs, reward, terminated, truncated, info }',
  );
  if (typeof r.terminated !== 'boolean') report.warn('step(): terminated should be a boolean');
  if (typeof r.truncated !== 'boolean') report.warn('step(): truncated should be a boolean');
  checkObservation(r.obs, env.observationSpace, 'step', report);
  if (typeof r.reward !== 'number')
    report.warn(`step(): the reward should be a number, got ${typeof r.reward}`);
  else if (Number.isNaN(r.reward)) report.warn('step(): the reward is NaN');
  else if (!Number.isFinite(r.reward)) report.warn('step(): the reward is infinite');
  report.assert(isPlainObject(r.info), 'step() info must be a plain object');
}

/** Passive render check (§7). */
export function checkRenderResult(env: Env<unknown, unknown>, frame: unknown, report: CheckReport): void {
  const modes = env.metadata.renderModes;
  if (modes === undefined) report.warn('metadata.renderModes is missing');
  else if (!Array.isArray(modes)) report.warn('metadata.renderModes should be an array');
  else if (!modes.every((m) => typeof m === 'string'))
    report.warn('metadata.renderModes should hold strings');
  const list = Array.isArray(modes) ? modes : [];
  if (list.length > 0) {
    const fps = env.metadata.renderFps;
    if (fps === undefined) report.warn('metadata.renderFps should be set when render modes exist');
    else if (typeof fps !== 'number') report.warn('metadata.renderFps should be a number');
    else report.assert(fps > 0, `metadata.renderFps must be positive, got ${fps}`);
  }
  const mode = env.renderMode;
  if (list.length === 0)
    report.assert(mode === null, `renderMode is ${mode} but no render modes are supported`);
  else
    report.assert(
      mode === null || list.includes(mode),
      `renderMode ${mode} is not one of ${list.join(', ')}`,
    );
  if (mode === 'human' && frame !== null) report.warn('render() in human mode should return null');
  if (mode === 'rgb_array') {
    const f = frame as { data?: unknown; shape?: unknown } | null;
    const ok =
      f !== null &&
      f.data instanceof Uint8Array &&
      Array.isArray(f.shape) &&
      f.shape.length === 3 &&
      f.shape[2] === 3;
    if (!ok) report.warn('render() in rgb_array mode should return { data: Uint8Array, shape: [H, W, 3] }');
  }
  if (mode === 'ansi' && typeof frame !== 'string')
    report.warn('render() in ansi mode should return a string');
}
