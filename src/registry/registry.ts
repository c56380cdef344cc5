import type { Env } from '../core/env.js';
import { EnvSpec, type EnvSpecInit, parseEnvId } from '../core/env-spec.js';
import { compileOptionsValidator, type OptionsValidator } from '../core/options.js';
import {
  DeprecatedEnv,
  GymError,
  NameNotFound,
  NamespaceNotFound,
  RegistrationError,
  VersionNotFound,
} from '../errors.js';
import { logger } from '../logger.js';
import { PassiveEnvChecker } from '../wrappers/env-checker.js';
import { OrderEnforcing } from '../wrappers/order-enforcing.js';
import { TimeLimit } from '../wrappers/time-limit.js';

const specs = new Map<string, EnvSpec>();
const validators = new WeakMap<EnvSpec, OptionsValidator<Record<string, unknown>>>();

/** Every registered spec by id (read-only view). */
export const registry: ReadonlyMap<string, EnvSpec> = specs;

/** Options of {@link make} itself; every other key is a keyword option of the env, validated by its schema. */
export interface MakeOptions {
  /** Overrides the TimeLimit of the spec; -1 removes it. */
  readonly maxEpisodeSteps?: number;
  /** Skips PassiveEnvChecker. */
  readonly disableEnvChecker?: boolean;
  /** Render mode passed to the env (must be one of its `metadata.renderModes`). */
  readonly renderMode?: string | null;
  /** Env-specific keyword options. */
  readonly [kwarg: string]: unknown;
}

const validateMakeOptions = compileOptionsValidator<{
  maxEpisodeSteps?: number;
  disableEnvChecker?: boolean;
}>({
  type: 'object',
  properties: {
    maxEpisodeSteps: { type: 'integer', minimum: -1, not: { const: 0 } },
    disableEnvChecker: { type: 'boolean' },
  },
});

/**
 * Registers an env id. Re-registering an id replaces it with a warning.
 *
 * @throws RegistrationError if a versioned id clashes with an unversioned one of the same name (or vice
 *   versa), or no entry point is given; GymError for a malformed id
 */
export function register(id: string, init: EnvSpecInit): EnvSpec {
  const spec = new EnvSpec(id, init);
  for (const other of specs.values()) {
    if (other.id === id || other.namespace !== spec.namespace || other.name !== spec.name) continue;
    if ((other.version === null) !== (spec.version === null)) {
      throw new RegistrationError(
        `cannot register ${id}: ${other.id} is already registered (versioned and unversioned ids of one name cannot coexist)`,
        'version_clash',
        { id, existing: other.id },
      );
    }
  }
  if (specs.has(id)) logger.warn(`Overriding environment ${id} already in registry.`);
  specs.set(id, spec);
  return spec;
}

/** Removes an id from the registry (for tests and plugins); returns whether it existed. */
export function unregister(id: string): boolean {
  return specs.delete(id);
}

/** All registered ids, sorted. */
export function envIds(): string[] {
  return [...specs.keys()].sort();
}

/**
 * The spec of an id, resolved like {@link make} does.
 *
 * @throws NameNotFound (with a "did you mean" suggestion), NamespaceNotFound, VersionNotFound, DeprecatedEnv
 */
export function spec(id: string): EnvSpec {
  return resolve(id);
}

/**
 * Builds a registered env with the standard wrapper stack, inside to outside: the env,
 * `PassiveEnvChecker` (unless disabled), `OrderEnforcing` (if the spec says so), `TimeLimit` (if the spec
 * or `maxEpisodeSteps` sets one), then the spec's additional wrappers.
 * `String(make('Push-v0'))` is `<TimeLimit<OrderEnforcing<PassiveEnvChecker<<PushEnv<Push-v0>>>>>>`.
 *
 * @example
 * ```ts
 * const env = make('Push-v0');
 * let { obs } = env.reset({ seed: 0 });
 * const r = env.step(new Float32Array([0.5, 0, 0, 0]));
 * env.close();
 * ```
 * @throws UnregisteredEnv subclasses for unknown ids; InvalidOptions for unknown or ill-typed options
 */
export function make<O = unknown, A = unknown>(id: string | EnvSpec, options: MakeOptions = {}): Env<O, A> {
  const envSpec = typeof id === 'string' ? resolve(id) : id;
  if (typeof options !== 'object' || options === null) {
    throw new GymError('make() options must be an object', 'invalid_options');
  }
  const { maxEpisodeSteps, disableEnvChecker, renderMode, ...rest } = options;
  validateMakeOptions({ maxEpisodeSteps, disableEnvChecker }, `make('${envSpec.id}')`);
  const kwargs: Record<string, unknown> = { ...envSpec.kwargs, ...rest };
  if (renderMode !== undefined && renderMode !== null) kwargs.renderMode = renderMode;
  validatorFor(envSpec)(kwargs, `make('${envSpec.id}')`);

  const base = envSpec.entryPoint(kwargs);
  if (renderMode != null && !base.metadata.renderModes.includes(renderMode)) {
    logger.warn(
      `render mode '${renderMode}' is not one of ${envSpec.id}'s modes [${base.metadata.renderModes.join(', ')}]`,
    );
  }
  const checker = !(disableEnvChecker ?? envSpec.disableEnvChecker);
  const limit = maxEpisodeSteps ?? envSpec.maxEpisodeSteps;
  base.spec = envSpec.with({
    kwargs,
    maxEpisodeSteps: null,
    orderEnforce: false,
    disableEnvChecker: true,
    additionalWrappers: [],
  });
  let env: Env<unknown, unknown> = base;
  if (checker) env = new PassiveEnvChecker(env);
  if (envSpec.orderEnforce) env = new OrderEnforcing(env);
  if (limit !== null && limit !== -1) env = new TimeLimit(env, limit);
  for (const w of envSpec.additionalWrappers) {
    if (w.entryPoint === null)
      throw new GymError(`wrapper ${w.name} of ${envSpec.id} cannot be rebuilt`, 'unbuildable_wrapper');
    env = w.entryPoint(env, w.kwargs ?? {});
  }
  return env as Env<O, A>;
}

function validatorFor(envSpec: EnvSpec): OptionsValidator<Record<string, unknown>> {
  let v = validators.get(envSpec);
  if (!v) {
    v = compileOptionsValidator(envSpec.optionsSchema);
    validators.set(envSpec, v);
  }
  return v;
}

function resolve(id: string): EnvSpec {
  const exact = specs.get(id);
  if (exact) return exact;
  const { namespace, name, version } = parseEnvId(id);
  const all = [...specs.values()];
  if (namespace !== null && !all.some((s) => s.namespace === namespace)) {
    throw new NamespaceNotFound(`namespace ${namespace} not found`, 'namespace_not_found', { id, namespace });
  }
  const sameName = all.filter((s) => s.namespace === namespace && s.name === name);
  if (sameName.length === 0) {
    const suggestion = closest(
      id,
      all.map((s) => s.id),
    );
    throw new NameNotFound(
      `environment ${id} doesn't exist.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      'name_not_found',
      { id, suggestion },
    );
  }
  const versions = sameName.map((s) => s.version ?? -1).sort((a, b) => b - a);
  const latest = sameName.find((s) => (s.version ?? -1) === versions[0])!;
  if (version === null) {
    logger.warn(`using the latest versioned environment ${latest.id} instead of the unversioned ${id}`);
    return latest;
  }
  if (version < versions[0]!) {
    throw new DeprecatedEnv(
      `environment version v${version} for ${name} is deprecated; please use ${latest.id}`,
      'deprecated',
      {
        id,
        latest: latest.id,
      },
    );
  }
  throw new VersionNotFound(
    `environment version v${version} for ${name} does not exist; latest is ${latest.id}`,
    'version_not_found',
    {
      id,
      latest: latest.id,
    },
  );
}

/** The candidate closest to `target` by case-insensitive edit distance (null if none is reasonably close). */
function closest(target: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(target.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best !== null && bestDist <= Math.max(3, Math.floor(target.length / 2)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The registered ids grouped by namespace, `numCols` per row (Gymnasium `pprint_registry`). */
export function prettyPrintRegistry(options: { numCols?: number; disablePrint?: boolean } = {}): string {
  const numCols = options.numCols ?? 3;
  const groups = new Map<string, string[]>();
  for (const s of specs.values()) {
    const ns = s.namespace ?? 'residual-gym';
    groups.set(ns, [...(groups.get(ns) ?? []), s.id]);
  }
  const lines: string[] = [];
  for (const [ns, ids] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`===== ${ns} =====`);
    const sorted = ids.sort();
    const width = Math.max(...sorted.map((i) => i.length)) + 2;
    for (let i = 0; i < sorted.length; i += numCols) {
      lines.push(
        sorted
          .slice(i, i + numCols)
          .map((id) => id.padEnd(width))
          .join('')
          .trimEnd(),
      );
    }
  }
  const text = lines.join('\n');
  if (!options.disablePrint) console.log(text);
  return text;
}
