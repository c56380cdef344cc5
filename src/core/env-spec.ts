import { GymError, RegistrationError } from '../errors.js';
import type { Env } from './env.js';

/** Builds an env from its (validated) keyword options. */
export type EnvFactory = (kwargs: Readonly<Record<string, unknown>>) => Env<unknown, unknown>;

/** A wrapper recorded in a spec so that `make(spec)` can rebuild the same stack. */
export interface WrapperSpec {
  /** Wrapper class name. */
  readonly name: string;
  /** Rebuilds the wrapper around an env (null when the wrapper did not record how). */
  readonly entryPoint:
    | ((env: Env<unknown, unknown>, kwargs: Readonly<Record<string, unknown>>) => Env<unknown, unknown>)
    | null;
  /** The wrapper's constructor options, or null if not recorded. */
  readonly kwargs: Readonly<Record<string, unknown>> | null;
}

/** Everything `register` accepts besides the id. */
export interface EnvSpecInit {
  /** Factory of the unwrapped env. */
  readonly entryPoint: EnvFactory;
  /** JSON Schema of the keyword options the factory accepts (validated by `make`). */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /** Return above which the task counts as solved (informational). */
  readonly rewardThreshold?: number | null;
  /** True if the env cannot be made deterministic under a seed. */
  readonly nondeterministic?: boolean;
  /** Episode length enforced by the TimeLimit wrapper (null: none). */
  readonly maxEpisodeSteps?: number | null;
  /** Whether `make` adds OrderEnforcing (default true). */
  readonly orderEnforce?: boolean;
  /** Whether `make` skips PassiveEnvChecker (default false). */
  readonly disableEnvChecker?: boolean;
  /** Default keyword options merged under `make`'s. */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /** Wrappers `make` adds outside the standard stack. */
  readonly additionalWrappers?: readonly WrapperSpec[];
  /** One-line description shown by `residual-gym list`. */
  readonly description?: string;
}

/** Id grammar of the spec: `[namespace/]name[-vN]`. */
export const ENV_ID_RE = /^(?:([\w:-]+)\/)?([\w:.-]+?)(?:-v(\d+))?$/;

/** Parsed parts of an env id. */
export interface ParsedEnvId {
  readonly namespace: string | null;
  readonly name: string;
  readonly version: number | null;
}

/**
 * Splits an id into namespace, name and version.
 *
 * @throws GymError if the id is malformed
 */
export function parseEnvId(id: string): ParsedEnvId {
  const m = typeof id === 'string' ? ENV_ID_RE.exec(id) : null;
  if (!m) {
    throw new GymError(
      `malformed environment id ${JSON.stringify(id)}: expected [namespace/]name[-vN]`,
      'malformed_id',
      {
        id,
      },
    );
  }
  return { namespace: m[1] ?? null, name: m[2]!, version: m[3] === undefined ? null : Number(m[3]) };
}

/** The registration record of an env id (Gymnasium's `EnvSpec`). Immutable; `with` makes modified copies. */
export class EnvSpec {
  readonly id: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly version: number | null;
  readonly entryPoint: EnvFactory;
  readonly optionsSchema: Readonly<Record<string, unknown>>;
  readonly rewardThreshold: number | null;
  readonly nondeterministic: boolean;
  readonly maxEpisodeSteps: number | null;
  readonly orderEnforce: boolean;
  readonly disableEnvChecker: boolean;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly additionalWrappers: readonly WrapperSpec[];
  readonly description: string;

  /**
   * @throws GymError on a malformed id; RegistrationError without an entry point
   */
  constructor(id: string, init: EnvSpecInit) {
    const parsed = parseEnvId(id);
    if (typeof init?.entryPoint !== 'function') {
      throw new RegistrationError(`environment ${id} needs an entryPoint factory`, 'missing_entry_point', {
        id,
      });
    }
    this.id = id;
    this.namespace = parsed.namespace;
    this.name = parsed.name;
    this.version = parsed.version;
    this.entryPoint = init.entryPoint;
    this.optionsSchema = init.optionsSchema ?? {
      type: 'object',
      additionalProperties: false,
      properties: {},
    };
    this.rewardThreshold = init.rewardThreshold ?? null;
    this.nondeterministic = init.nondeterministic ?? false;
    this.maxEpisodeSteps = init.maxEpisodeSteps ?? null;
    this.orderEnforce = init.orderEnforce ?? true;
    this.disableEnvChecker = init.disableEnvChecker ?? false;
    this.kwargs = Object.freeze({ ...(init.kwargs ?? {}) });
    this.additionalWrappers = Object.freeze([...(init.additionalWrappers ?? [])]);
    this.description = init.description ?? '';
    Object.freeze(this);
  }

  /** A copy with some fields replaced. */
  with(changes: Partial<EnvSpecInit>): EnvSpec {
    return new EnvSpec(this.id, { ...this.toInit(), ...changes });
  }

  /** The fields as an init object. */
  toInit(): EnvSpecInit {
    return {
      entryPoint: this.entryPoint,
      optionsSchema: this.optionsSchema,
      rewardThreshold: this.rewardThreshold,
      nondeterministic: this.nondeterministic,
      maxEpisodeSteps: this.maxEpisodeSteps,
      orderEnforce: this.orderEnforce,
      disableEnvChecker: this.disableEnvChecker,
      kwargs: this.kwargs,
      additionalWrappers: this.additionalWrappers,
      description: this.description,
    };
  }

  /** The serialisable fields (factories are omitted: they cannot be serialised). */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      rewardThreshold: this.rewardThreshold,
      nondeterministic: this.nondeterministic,
      maxEpisodeSteps: this.maxEpisodeSteps,
      orderEnforce: this.orderEnforce,
      disableEnvChecker: this.disableEnvChecker,
      kwargs: this.kwargs,
      additionalWrappers: this.additionalWrappers.map((w) => ({ name: w.name, kwargs: w.kwargs })),
    };
  }
}
