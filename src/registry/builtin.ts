/**
 * Registers every built-in env id (imported for its side effect by the package entry and by vector-env
 * workers). Registration is data: each task family exports a list of `{ id, init }`.
 *
 * @module
 */
import type { EnvSpecInit } from '../core/env-spec.js';
import { register } from './registry.js';

/** The built-in specs, in registration order. */
export const builtinEnvSpecs: readonly { readonly id: string; readonly init: EnvSpecInit }[] = [];

for (const { id, init } of builtinEnvSpecs) register(id, init);
