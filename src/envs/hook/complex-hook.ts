/**
 * ComplexHook-v0: Hook with a random object from a library of 100 and bumps on the table (RPL `ComplexHookEnv`).
 *
 * @module
 */
import { compileOptionsValidator, type JsonSchema } from '../../core/options.js';

import type { Rng } from '../../random/rng.js';
import {
  COMPLEX_HOOK_LIBRARY_SEED,
  COMPLEX_HOOK_OBJECT_X_OFFSET_RANGE_M,
  COMPLEX_HOOK_SCENE_COUNT,
} from './constants.js';
import { hookConfig } from './hook.js';
import {
  HOOK_ENV_OPTION_PROPERTIES,
  HookEnvBase,
  type HookEnvOptions,
  type HookSceneLayout,
  type HookTaskConfig,
} from './hook-env.js';
import { generateComplexHookLibrary, type LibraryScene, layoutOf } from './shapes.js';

/** The ComplexHook task: Hook without noise, object x ∈ [1.75, 1.85] ([CPLX]). */
export const complexHookConfig: HookTaskConfig = Object.freeze({
  ...hookConfig,
  name: 'ComplexHook',
  objectXOffsetRange_m: COMPLEX_HOOK_OBJECT_X_OFFSET_RANGE_M,
});

/** Options of {@link ComplexHookEnv}. */
export interface ComplexHookEnvOptions extends HookEnvOptions {
  /** Use this library scene (0..99) in every episode instead of drawing one per episode. */
  readonly sceneIndex?: number;
}

const SCENE_INDEX_SCHEMA: JsonSchema = Object.freeze({
  type: 'integer',
  minimum: 0,
  maximum: COMPLEX_HOOK_SCENE_COUNT - 1,
});

/** JSON Schema of {@link ComplexHookEnvOptions}. */
export const COMPLEX_HOOK_ENV_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: { ...HOOK_ENV_OPTION_PROPERTIES, sceneIndex: SCENE_INDEX_SCHEMA },
});

/** JSON Schema of ComplexHook's reset options (`{ sceneIndex }` for one episode; other keys are ignored). */
export const COMPLEX_HOOK_RESET_OPTIONS_SCHEMA: JsonSchema = Object.freeze({
  type: 'object',
  properties: { sceneIndex: SCENE_INDEX_SCHEMA },
});

const validateOptions = compileOptionsValidator<ComplexHookEnvOptions>(COMPLEX_HOOK_ENV_OPTIONS_SCHEMA);
const validateResetOptions = compileOptionsValidator<{ sceneIndex?: number }>(
  COMPLEX_HOOK_RESET_OPTIONS_SCHEMA,
);

let library: readonly LibraryScene[] | null = null;
let layouts: readonly HookSceneLayout[] | null = null;

/** The 100 library scenes (generated once per process from {@link COMPLEX_HOOK_LIBRARY_SEED}). */
export function complexHookLibrary(): readonly LibraryScene[] {
  library ??= Object.freeze(generateComplexHookLibrary(COMPLEX_HOOK_LIBRARY_SEED, COMPLEX_HOOK_SCENE_COUNT));
  return library;
}

function complexHookLayouts(): readonly HookSceneLayout[] {
  layouts ??= Object.freeze(complexHookLibrary().map(layoutOf));
  return layouts;
}

/**
 * ComplexHook-v0: the action, observation (40-d, no noise, one frame), reward and 100-step episodes of
 * {@link HookEnv} (see its tables), but every episode draws one of 100 procedural scenes: a light object of
 * unknown shape instead of the block, and 5–15 flat bumps (≤ 1 cm tall) fixed on the table. The observation
 * says nothing about the bumps or the shape; entries 3–5, 11–19 and the achieved goal describe the object's
 * tracked point (7 mm above its bottom, 1 cm off its centre in +y, like the original's "object0" site).
 *
 * ## Scene library (spec §4; procedural instead of the original's mesh files)
 * Generated from the fixed seed {@link COMPLEX_HOOK_LIBRARY_SEED}: scene i's object belongs to family
 * L, T, U (box compounds), cylinder, hull (irregular convex hull of 9–20 points) or stacked (a box with a
 * box or cylinder on top), cycling by i; largest dimension U(0.06, 0.12) m, mass U(0.01, 0.25) kg, free-joint
 * damping U(0.2, 5) (as Rapier rates c/m and c/Ī); bumps: N(10, 2) rounded to 5..15, half-extents
 * U(0.001, 0.05) × U(0.001, 0.05) × U(0.0001, 0.005) m, centres (1.65, 0.75) + U(−0.3, 0.3)², axis-aligned.
 *
 * ## Start state
 * Reset draws the scene index uniformly from the env generator first (the draw is made even when the
 * `sceneIndex` option fixes the scene, so the remaining draws do not depend on it), then as in Hook: the
 * object's tracked point at x = 1.80 + U(−0.05, 0.05), y = 0.75 + U(−0.05, 0.05), resting upright (lifted onto
 * a bump if one lies under it), and the diagonal goal. Hook and gripper start as in Hook. `info.scene_index`
 * gives the scene. A reset option `{ sceneIndex }` fixes the scene for one episode.
 *
 * ## Deviations from the original
 * Objects are procedural convex shapes, not the original's 105 household meshes; objects start resting on
 * the table instead of being dropped from z = 0.60; the object's tracked point, not its mesh origin, is put
 * at the sampled xy (the original's mesh origins could be up to 0.7 m away from the object).
 *
 * ## Version history
 * - v0: first Rapier version.
 */
export class ComplexHookEnv extends HookEnvBase {
  /** The fixed scene, or null when a scene is drawn per episode. */
  readonly fixedSceneIndex: number | null;

  /** @param options - see {@link ComplexHookEnvOptions} */
  constructor(options: ComplexHookEnvOptions = {}) {
    const opts = validateOptions(options, 'ComplexHook options');
    super(complexHookConfig, complexHookLayouts(), opts);
    this.fixedSceneIndex = opts.sceneIndex ?? null;
  }

  /** The library scene of the current episode. */
  get libraryScene(): LibraryScene {
    return complexHookLibrary()[this.sceneIndex]!;
  }

  /**
   * Draws the scene uniformly ([CPLX] `np_random.randint(num_scenes)`), then applies a fixed index.
   *
   * @throws InvalidOptions for a malformed `sceneIndex` reset option
   */
  protected override chooseLayout(rng: Rng, options: Readonly<Record<string, unknown>>): number {
    const reset = validateResetOptions(options, 'ComplexHook reset options');
    const drawn = rng.integer(0, COMPLEX_HOOK_SCENE_COUNT);
    if (reset.sceneIndex !== undefined) return reset.sceneIndex;
    return this.fixedSceneIndex ?? drawn;
  }
}
