/**
 * Memory layout of batched observations and actions.
 *
 * A space is cut into **leaves** (the array-valued parts of a Dict/Tuple tree). Each leaf of a batch of
 * `numEnvs` values is one typed array of `numEnvs * rowSize` elements, row `i` belonging to sub-env `i`
 * (row-major, exactly the element of `batchSpace(space, numEnvs)`): a Box leaf stores the Box's dtype, a
 * Discrete leaf one integer per row in the dtype of its batched MultiDiscrete, MultiBinary/MultiDiscrete
 * leaves their batched Box's dtype. The batched value is the same tree with the leaf arrays in place of the
 * single values (a Dict of batched arrays, not an array of Dicts).
 *
 * Actions use the same tree but every leaf is stored as `Float64Array` (it holds every float32 and 32-bit
 * integer exactly), plus a class tag per row recording how the caller passed it, so that a worker hands its
 * env the same array type the caller used (see {@link ActionTag}).
 *
 * @module
 */
import { describeValue, GymError, InvalidAction } from '../errors.js';
import { Dict } from '../spaces/dict.js';
import { Discrete } from '../spaces/discrete.js';
import { type DType, typedArrayFor } from '../spaces/dtype.js';
import type { Space } from '../spaces/space.js';
import { Tuple } from '../spaces/tuple.js';
import { batchSpace } from '../spaces/utils.js';
import { ActionTag } from './protocol.js';

/** Any typed array a leaf is stored in. */
export type LeafArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

/** One array-valued part of a space. */
export interface Leaf {
  /** Position in the tree, e.g. `['observation']` (for messages). */
  readonly path: readonly string[];
  /** True when the single value is a number (Discrete), false when it is an array. */
  readonly scalar: boolean;
  /** Elements per sub-env. */
  readonly rowSize: number;
  /** Storage dtype of the batched leaf. */
  readonly dtype: DType;
}

/** The tree structure of a space, with leaf indices at the leaves. */
export type LayoutNode =
  | { readonly kind: 'leaf'; readonly leaf: number }
  | { readonly kind: 'dict'; readonly keys: readonly string[]; readonly children: readonly LayoutNode[] }
  | { readonly kind: 'tuple'; readonly children: readonly LayoutNode[] };

/** How values of one space are laid out in a batch of `numEnvs`. */
export interface BatchLayout {
  /** The single-env space. */
  readonly space: Space<unknown>;
  /** `batchSpace(space, numEnvs)`. */
  readonly batchedSpace: Space<unknown>;
  /** Batch size. */
  readonly numEnvs: number;
  /** The leaves, in tree order (Dict key order, Tuple order). */
  readonly leaves: readonly Leaf[];
  /** The tree. */
  readonly root: LayoutNode;
}

/**
 * The batch layout of `space` for `numEnvs` sub-envs.
 *
 * @throws GymError (`unsupported_space`) for spaces other than Box, Discrete, MultiDiscrete, MultiBinary,
 *   Dict and Tuple
 */
export function batchLayout(space: Space<unknown>, numEnvs: number): BatchLayout {
  const batchedSpace = batchSpace(space, numEnvs) as Space<unknown>;
  const leaves: Leaf[] = [];
  const root = layoutNode(space, batchedSpace, numEnvs, [], leaves);
  return { space, batchedSpace, numEnvs, leaves, root };
}

function layoutNode(
  space: Space<unknown>,
  batched: Space<unknown>,
  numEnvs: number,
  path: string[],
  leaves: Leaf[],
): LayoutNode {
  if (space instanceof Dict && batched instanceof Dict) {
    const keys = [...space.keys()];
    return {
      kind: 'dict',
      keys,
      children: keys.map((k) =>
        layoutNode(
          space.get(k) as Space<unknown>,
          batched.get(k) as Space<unknown>,
          numEnvs,
          [...path, k],
          leaves,
        ),
      ),
    };
  }
  if (space instanceof Tuple && batched instanceof Tuple) {
    return {
      kind: 'tuple',
      children: space.spaces.map((s, i) =>
        layoutNode(
          s as Space<unknown>,
          batched.spaces[i] as Space<unknown>,
          numEnvs,
          [...path, String(i)],
          leaves,
        ),
      ),
    };
  }
  const shape = batched.shape;
  const dtype = batched.dtype;
  if (shape === null || dtype === null || shape[0] !== numEnvs) {
    throw new GymError(
      `vector envs support Box, Discrete, MultiDiscrete, MultiBinary, Dict and Tuple spaces, got ${space.toString()}${path.length ? ` at ${path.join('.')}` : ''}`,
      'unsupported_space',
      { space: space.toString(), path },
    );
  }
  const size = shape.reduce((a, b) => a * b, 1);
  leaves.push({ path, scalar: space instanceof Discrete, rowSize: size / numEnvs, dtype });
  return { kind: 'leaf', leaf: leaves.length - 1 };
}

/**
 * Allocates one zeroed array per leaf for a batch of observations: in the leaf's dtype, on a
 * `SharedArrayBuffer` when `shared`.
 */
export function allocateObsLeaves(layout: BatchLayout, shared: boolean): LeafArray[] {
  return layout.leaves.map((leaf) => {
    const length = leaf.rowSize * layout.numEnvs;
    if (!shared) return typedArrayFor(leaf.dtype, length);
    const Ctor = typedArrayFor(leaf.dtype, 0).constructor as {
      new (buffer: SharedArrayBuffer): LeafArray;
      BYTES_PER_ELEMENT: number;
    };
    return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
  });
}

/** Views of shared buffers in a layout's leaf dtypes (the worker's side of {@link allocateObsLeaves}). */
export function viewObsLeaves(layout: BatchLayout, buffers: readonly SharedArrayBuffer[]): LeafArray[] {
  return layout.leaves.map((leaf, i) => {
    const Ctor = typedArrayFor(leaf.dtype, 0).constructor as new (buffer: SharedArrayBuffer) => LeafArray;
    return new Ctor(buffers[i]!);
  });
}

/** Allocates one `Float64Array` per leaf for a batch of actions (shared when `shared`). */
export function allocateActionLeaves(layout: BatchLayout, shared: boolean): Float64Array[] {
  return layout.leaves.map((leaf) => {
    const length = leaf.rowSize * layout.numEnvs;
    return shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  });
}

/** The batched value whose leaves are `leaves` (no copy). */
export function assembleBatch(layout: BatchLayout, leaves: readonly LeafArray[]): unknown {
  return assembleNode(layout.root, leaves);
}

function assembleNode(node: LayoutNode, leaves: readonly LeafArray[]): unknown {
  switch (node.kind) {
    case 'leaf':
      return leaves[node.leaf];
    case 'dict': {
      const out: Record<string, unknown> = {};
      node.keys.forEach((k, i) => {
        out[k] = assembleNode(node.children[i]!, leaves);
      });
      return out;
    }
    case 'tuple':
      return node.children.map((c) => assembleNode(c, leaves));
  }
}

/** A deep copy of the leaves (on ordinary `ArrayBuffer`s). */
export function copyLeaves(leaves: readonly LeafArray[]): LeafArray[] {
  return leaves.map((l) => l.slice());
}

/**
 * Writes one sub-env's value into row `index` of the leaves.
 *
 * @throws GymError (`batch_value_mismatch`) if the value does not have the space's structure or sizes
 */
export function writeRow(
  layout: BatchLayout,
  leaves: readonly LeafArray[],
  index: number,
  value: unknown,
): void {
  writeNode(layout, layout.root, leaves, index, value);
}

function writeNode(
  layout: BatchLayout,
  node: LayoutNode,
  leaves: readonly LeafArray[],
  index: number,
  value: unknown,
): void {
  switch (node.kind) {
    case 'dict': {
      if (typeof value !== 'object' || value === null) throw mismatch(layout, node, value, index);
      const record = value as Record<string, unknown>;
      for (let i = 0; i < node.keys.length; i++)
        writeNode(layout, node.children[i]!, leaves, index, record[node.keys[i]!]);
      return;
    }
    case 'tuple': {
      if (!Array.isArray(value) || value.length !== node.children.length) {
        throw mismatch(layout, node, value, index);
      }
      for (let i = 0; i < node.children.length; i++)
        writeNode(layout, node.children[i]!, leaves, index, value[i]);
      return;
    }
    case 'leaf': {
      const leaf = layout.leaves[node.leaf]!;
      const arr = leaves[node.leaf]!;
      const offset = index * leaf.rowSize;
      if (typeof value === 'number' || typeof value === 'boolean') {
        if (leaf.rowSize !== 1) throw mismatch(layout, node, value, index);
        arr[offset] = Number(value);
        return;
      }
      if (!isArrayLike(value) || value.length !== leaf.rowSize) throw mismatch(layout, node, value, index);
      arr.set(value, offset);
      return;
    }
  }
}

function mismatch(layout: BatchLayout, node: LayoutNode, value: unknown, index: number): GymError {
  const where = node.kind === 'leaf' ? layout.leaves[node.leaf]!.path.join('.') : node.kind;
  return new GymError(
    `sub-env ${index} returned ${describeValue(value)}${where ? ` at '${where}'` : ''}, which does not fit its observation space ${layout.space.toString()}`,
    'batch_value_mismatch',
    { index, path: where },
  );
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * True if `actions` is an array with one single-env action per sub-env (rather than the batched form).
 * A `number[]` is always taken as the batched (flat) form; for a Tuple space the per-env form must hold
 * arrays (a batched Tuple holds typed arrays).
 */
export function isPerEnvActions(layout: BatchLayout, actions: unknown): actions is readonly unknown[] {
  if (!Array.isArray(actions) || actions.length !== layout.numEnvs || actions.length === 0) return false;
  if (actions.some((a) => typeof a === 'number')) return false;
  if (layout.root.kind === 'tuple') return actions.every((a) => Array.isArray(a));
  return true;
}

/**
 * Splits the caller's actions (batched form or one per sub-env) into one action per sub-env. Array rows are
 * fresh copies of the caller's type (a `Float32Array` row of a `Float32Array` batch), so sub-envs never alias
 * the caller's buffer. Every number is checked to be finite.
 *
 * @throws InvalidAction for a wrong structure, wrong length or a non-finite value
 */
export function splitActions(layout: BatchLayout, actions: unknown): unknown[] {
  if (isPerEnvActions(layout, actions)) {
    return actions.map((a, i) => copyAction(layout, layout.root, a, i));
  }
  const out: unknown[] = [];
  for (let i = 0; i < layout.numEnvs; i++) out.push(sliceNode(layout, layout.root, actions, i));
  return out;
}

function sliceNode(layout: BatchLayout, node: LayoutNode, batch: unknown, index: number): unknown {
  switch (node.kind) {
    case 'dict': {
      if (typeof batch !== 'object' || batch === null) throw badActions(layout, node, batch);
      const out: Record<string, unknown> = {};
      node.keys.forEach((k, i) => {
        out[k] = sliceNode(layout, node.children[i]!, (batch as Record<string, unknown>)[k], index);
      });
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(batch) || batch.length !== node.children.length)
        throw badActions(layout, node, batch);
      return node.children.map((c, i) => sliceNode(layout, c, batch[i], index));
    }
    case 'leaf': {
      const leaf = layout.leaves[node.leaf]!;
      if (!isArrayLike(batch) || batch.length !== leaf.rowSize * layout.numEnvs)
        throw badActions(layout, node, batch);
      const start = index * leaf.rowSize;
      if (leaf.scalar) return checkNumber(batch[start], layout, node, index);
      const row = Array.isArray(batch)
        ? batch.slice(start, start + leaf.rowSize)
        : (batch as unknown as LeafArray).slice(start, start + leaf.rowSize);
      for (let j = 0; j < row.length; j++) checkNumber(row[j], layout, node, index);
      return row;
    }
  }
}

function copyAction(layout: BatchLayout, node: LayoutNode, action: unknown, index: number): unknown {
  switch (node.kind) {
    case 'dict': {
      if (typeof action !== 'object' || action === null || Array.isArray(action))
        throw badAction(layout, node, action, index);
      const out: Record<string, unknown> = {};
      node.keys.forEach((k, i) => {
        out[k] = copyAction(layout, node.children[i]!, (action as Record<string, unknown>)[k], index);
      });
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(action) || action.length !== node.children.length)
        throw badAction(layout, node, action, index);
      return node.children.map((c, i) => copyAction(layout, c, action[i], index));
    }
    case 'leaf': {
      const leaf = layout.leaves[node.leaf]!;
      if (leaf.scalar && typeof action === 'number') return checkNumber(action, layout, node, index);
      if (!isArrayLike(action) || action.length !== leaf.rowSize || actionTag(action) < 0) {
        throw badAction(layout, node, action, index);
      }
      const row = Array.isArray(action) ? action.slice() : (action as unknown as LeafArray).slice();
      for (let j = 0; j < row.length; j++) checkNumber(row[j], layout, node, index);
      return row;
    }
  }
}

function checkNumber(value: unknown, layout: BatchLayout, node: LayoutNode, index: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const where = node.kind === 'leaf' ? layout.leaves[node.leaf]!.path.join('.') : '';
    throw new InvalidAction(
      `the action of sub-env ${index}${where ? ` at '${where}'` : ''} contains ${describeValue(value)}: actions must be finite numbers`,
      'non_finite_action',
      { index, path: where, value },
    );
  }
  return value;
}

function badActions(layout: BatchLayout, node: LayoutNode, batch: unknown): InvalidAction {
  const leaf = node.kind === 'leaf' ? layout.leaves[node.leaf]! : null;
  let expected: string;
  if (node.kind === 'leaf') {
    expected = `an array of ${layout.numEnvs} x ${leaf!.rowSize} = ${layout.numEnvs * leaf!.rowSize} numbers`;
  } else if (node.kind === 'dict') {
    expected = `an object with keys ${node.keys.join(', ')}`;
  } else {
    expected = `an array of ${node.children.length} batched parts`;
  }
  return new InvalidAction(
    `batched actions${leaf?.path.length ? ` at '${leaf.path.join('.')}'` : ''} must be ${expected} (or an array of ${layout.numEnvs} single actions), got ${describeValue(batch)}`,
    'wrong_action_shape',
    { numEnvs: layout.numEnvs, expected },
  );
}

function badAction(layout: BatchLayout, node: LayoutNode, action: unknown, index: number): InvalidAction {
  const leaf = node.kind === 'leaf' ? layout.leaves[node.leaf]! : null;
  return new InvalidAction(
    `the action of sub-env ${index}${leaf?.path.length ? ` at '${leaf.path.join('.')}'` : ''} does not fit ${layout.space.toString()}: got ${describeValue(action)}`,
    'wrong_action_shape',
    { index },
  );
}

/** The {@link ActionTag} of an action row (-1 for an unsupported type). */
export function actionTag(value: unknown): number {
  if (typeof value === 'number') return ActionTag.NUMBER;
  if (Array.isArray(value)) return ActionTag.ARRAY;
  if (value instanceof Float32Array) return ActionTag.FLOAT32;
  if (value instanceof Float64Array) return ActionTag.FLOAT64;
  if (value instanceof Int8Array) return ActionTag.INT8;
  if (value instanceof Int16Array) return ActionTag.INT16;
  if (value instanceof Int32Array) return ActionTag.INT32;
  if (value instanceof Uint8Array) return ActionTag.UINT8;
  if (value instanceof Uint8ClampedArray) return ActionTag.UINT8_CLAMPED;
  if (value instanceof Uint16Array) return ActionTag.UINT16;
  if (value instanceof Uint32Array) return ActionTag.UINT32;
  return -1;
}

/**
 * Writes one sub-env's (already validated) action into row `index` of float64 action leaves, recording its
 * array type in `tags[index * leaves.length + leaf]`.
 */
export function writeActionRow(
  layout: BatchLayout,
  leaves: readonly Float64Array[],
  tags: Int32Array,
  index: number,
  action: unknown,
): void {
  writeActionNode(layout, layout.root, leaves, tags, index, action);
}

function writeActionNode(
  layout: BatchLayout,
  node: LayoutNode,
  leaves: readonly Float64Array[],
  tags: Int32Array,
  index: number,
  action: unknown,
): void {
  switch (node.kind) {
    case 'dict': {
      const record = action as Record<string, unknown>;
      for (let i = 0; i < node.keys.length; i++) {
        writeActionNode(layout, node.children[i]!, leaves, tags, index, record[node.keys[i]!]);
      }
      return;
    }
    case 'tuple':
      for (let i = 0; i < node.children.length; i++) {
        writeActionNode(layout, node.children[i]!, leaves, tags, index, (action as unknown[])[i]);
      }
      return;
    case 'leaf': {
      const leaf = layout.leaves[node.leaf]!;
      tags[index * layout.leaves.length + node.leaf] = actionTag(action);
      if (typeof action === 'number') leaves[node.leaf]![index * leaf.rowSize] = action;
      else leaves[node.leaf]!.set(action as ArrayLike<number>, index * leaf.rowSize);
      return;
    }
  }
}

const TAG_CTORS: Record<number, new (values: ArrayLike<number>) => unknown> = {
  [ActionTag.FLOAT32]: Float32Array,
  [ActionTag.FLOAT64]: Float64Array,
  [ActionTag.INT8]: Int8Array,
  [ActionTag.INT16]: Int16Array,
  [ActionTag.INT32]: Int32Array,
  [ActionTag.UINT8]: Uint8Array,
  [ActionTag.UINT8_CLAMPED]: Uint8ClampedArray,
  [ActionTag.UINT16]: Uint16Array,
  [ActionTag.UINT32]: Uint32Array,
};

/** Reads row `index` of float64 action leaves back into the value the caller passed (worker side). */
export function readActionRow(
  layout: BatchLayout,
  leaves: readonly Float64Array[],
  tags: Int32Array,
  index: number,
): unknown {
  return readActionNode(layout, layout.root, leaves, tags, index);
}

function readActionNode(
  layout: BatchLayout,
  node: LayoutNode,
  leaves: readonly Float64Array[],
  tags: Int32Array,
  index: number,
): unknown {
  switch (node.kind) {
    case 'dict': {
      const out: Record<string, unknown> = {};
      node.keys.forEach((k, i) => {
        out[k] = readActionNode(layout, node.children[i]!, leaves, tags, index);
      });
      return out;
    }
    case 'tuple':
      return node.children.map((c) => readActionNode(layout, c, leaves, tags, index));
    case 'leaf': {
      const leaf = layout.leaves[node.leaf]!;
      const start = index * leaf.rowSize;
      const tag = tags[index * layout.leaves.length + node.leaf]!;
      const row = leaves[node.leaf]!.subarray(start, start + leaf.rowSize);
      if (tag === ActionTag.NUMBER) return row[0];
      if (tag === ActionTag.ARRAY) return Array.from(row);
      const Ctor = TAG_CTORS[tag];
      if (!Ctor) throw new GymError(`corrupt action tag ${tag}`, 'corrupt_action_tag');
      return new Ctor(row);
    }
  }
}
