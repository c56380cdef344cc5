/**
 * Typed errors of residual-gym. Names follow Gymnasium's `gymnasium.error` module; every error carries a
 * stable machine-readable `code` and a `details` object naming the offending value, so callers can branch
 * on data instead of parsing messages.
 *
 * @module
 */

/** Extra data attached to an error (the offending value, its index, the accepted range, ...). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Base class of every error thrown by residual-gym. */
export class GymError extends Error {
  /** Stable identifier of the failure, e.g. `'non_finite_action'`. */
  readonly code: string;
  /** Structured data about the failure. */
  readonly details: ErrorDetails;

  /**
   * @param message - human-readable message that names the offending value
   * @param code - stable machine-readable identifier
   * @param details - structured data about the failure
   */
  constructor(message: string, code = 'gym_error', details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** `step` (or `render`) was called before `reset`, or after the episode ended. */
export class ResetNeeded extends GymError {}
/** An environment id could not be resolved in the registry (base of the not-found errors). */
export class UnregisteredEnv extends GymError {}
/** The namespace part of an id does not exist. */
export class NamespaceNotFound extends UnregisteredEnv {}
/** The name part of an id does not exist (the message suggests the closest registered id). */
export class NameNotFound extends UnregisteredEnv {}
/** The name exists but not with the requested version. */
export class VersionNotFound extends UnregisteredEnv {}
/** The requested version is older than a registered one and no longer available. */
export class DeprecatedEnv extends GymError {}
/** A registration is invalid (malformed id, conflicting versioned/unversioned ids, no entry point). */
export class RegistrationError extends GymError {}
/** An action has the wrong type or length, or contains NaN or Infinity. */
export class InvalidAction extends GymError {}
/** The environment (or vector env) was used after `close()`. */
export class ClosedEnvironmentError extends GymError {}
/** An asynchronous vector-env call was started while another was still pending. */
export class AlreadyPendingCallError extends GymError {}
/** A `*Wait` call was made with no pending asynchronous call. */
export class NoAsyncCallError extends GymError {}
/** The requested render mode is not supported. */
export class UnsupportedMode extends GymError {}
/** Space or wrapper bounds are invalid (low > high, NaN bound, equal rescale bounds, ...). */
export class InvalidBound extends GymError {}
/** Environment metadata is malformed. */
export class InvalidMetadata extends GymError {}
/** Options passed to `make`, `reset`, a wrapper or a policy failed validation. */
export class InvalidOptions extends GymError {}
/** A seed is not a non-negative safe integer. */
export class InvalidSeed extends GymError {}
/** `setState` received a state from another environment, or a corrupted or truncated buffer. */
export class InvalidState extends GymError {}
/** The physics produced NaN/Infinity or a body passed through the table; the episode cannot continue. */
export class PhysicsError extends GymError {}
/** A vector-env worker threw, died or timed out. */
export class WorkerError extends GymError {}

/**
 * Checks that `seed` is a valid seed (a non-negative safe integer) and returns it.
 *
 * @throws InvalidSeed naming the bad value
 */
export function assertValidSeed(seed: unknown, what = 'seed'): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidSeed(
      `${what} must be a non-negative safe integer, got ${describeValue(seed)}`,
      'invalid_seed',
      {
        seed,
      },
    );
  }
  return seed;
}

/** A short, safe description of an arbitrary value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as Uint8Array).length}`;
  return typeof value === 'object'
    ? `object (${(value as object).constructor?.name ?? 'null prototype'})`
    : typeof value;
}
