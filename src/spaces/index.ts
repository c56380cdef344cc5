/**
 * Spaces of residual-gym (Gymnasium `gymnasium.spaces`): `Box`, `Discrete`, `MultiBinary`,
 * `MultiDiscrete`, `Dict`, `Tuple`, the flattening utilities and `batchSpace`.
 *
 * @module
 */
export { type BoundedManner, Box, type BoxBound, type BoxConstructor } from './box.js';
export { Dict, type DictElement, type DictOptions, type DictSampleOptions, type SpaceMap } from './dict.js';
export { Discrete, type DiscreteOptions, type DiscreteSampleOptions } from './discrete.js';
export {
  type BoxArray,
  canCastDType,
  DTYPES,
  type DType,
  type DTypeArrayMap,
  dtypeOfArray,
  dtypeRange,
  type IntArray,
  type IntDType,
  isDType,
  isFloatDType,
  isIntDType,
  promoteDTypes,
  typedArrayFor,
} from './dtype.js';
export type { NestedNumbers } from './internal.js';
export { MultiBinary, type MultiBinarySampleOptions } from './multi-binary.js';
export {
  MultiDiscrete,
  type MultiDiscreteConstructor,
  type MultiDiscreteOptions,
  type MultiDiscreteSampleOptions,
} from './multi-discrete.js';
export {
  JSON_SCHEMA_DIALECT,
  type JSONSchema,
  type SampleOptions,
  type SeedTree,
  Space,
  type SpaceElement,
  type SpaceOptions,
} from './space.js';
export { Tuple, type TupleElement, type TupleOptions, type TupleSampleOptions } from './tuple.js';
export { type BatchedSpace, batchSpace, flatdim, flatten, flattenSpace, unflatten } from './utils.js';
